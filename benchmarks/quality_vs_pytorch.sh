#!/usr/bin/env bash
# vae4j vs PyTorch's canonical VAE example, same architecture (784-400-20-400-784, ReLU,
# Bernoulli from logits), data (MNIST 60k, pixels/255, no binarization), optimizer (Adam 1e-3,
# batch 128) and epochs: test −ELBO per example (one ε sample per image, as the example reports).
# Usage: benchmarks/quality_vs_pytorch.sh [MNIST_DIR]   (EPOCHS=10 SEED=1 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets/mnist}"
EPOCHS="${EPOCHS:-10}"
SEED="${SEED:-1}"
OUT="$ROOT/benchmarks/results"
. "$ROOT/benchmarks/lib/tune-env.sh"
vae4j_tune_env
mkdir -p "$OUT"
if [ ! -f "$OUT/pytorch-mnist-${EPOCHS}ep.json" ] || [ "${FORCE:-0}" = 1 ]; then
    /usr/bin/python3 "$ROOT/benchmarks/pytorch_vae.py" --data "$DATA" --epochs "$EPOCHS" --seed "$SEED" \
        --threads 2 --quiet --json "$OUT/pytorch-mnist-${EPOCHS}ep.json"
fi
RUN="$ROOT/runs/quality-vae4j-${EPOCHS}ep"
"$ROOT/vae" train --data "idx:$DATA" --validation-fraction 0 --epochs "$EPOCHS" --seed "$SEED" \
    --out "$RUN" --quiet
cp "$RUN/history.csv" "$OUT/vae4j-mnist-${EPOCHS}ep-history.csv"
"$ROOT/vae" evaluate --model "$RUN" --split test --iw-samples 0 --json > "$OUT/vae4j-mnist-${EPOCHS}ep.json"
python3 - "$OUT/pytorch-mnist-${EPOCHS}ep.json" "$OUT/vae4j-mnist-${EPOCHS}ep.json" <<'PY'
import json, sys
pt = json.load(open(sys.argv[1]))
v = json.load(open(sys.argv[2]))
pt_loss = pt["epochs"][-1]["test_loss"]
v_loss = -v["elbo"]
print(f"test -ELBO after {len(pt['epochs'])} epochs: PyTorch {pt_loss:.3f}, vae4j {v_loss:.3f} nats "
      f"({100 * (v_loss - pt_loss) / pt_loss:+.2f}%)")
PY
