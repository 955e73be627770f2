#!/usr/bin/env bash
# Reproduces the VAE row (k = 1) of Burda et al. 2016, Table 1: one stochastic layer,
# 784-200-200-50 tanh encoder and mirrored decoder, Bernoulli, dynamically binarized MNIST, Adam
# with the paper's schedule (stage i = 0..7 lasts 3^i passes at lr 1e-3·10^(-i/7)), minibatch 20,
# test log-likelihood by the importance-weighted estimate with K = 5000. Paper: -86.76 nats.
#
#   benchmarks/iwae_table1.sh                 # STAGES=4 (40 passes), as far as this machine allows
#   STAGES=8 benchmarks/iwae_table1.sh        # the full schedule: 3280 passes
#   STAGES=1 K=50 K_CURVE=10 benchmarks/iwae_table1.sh   # smoke test
#
# After every stage it evaluates the test set with K_CURVE samples (the curve); at the end with K.
# Writes OUT (default benchmarks/results/iwae-table1-s<STAGES>): curve.csv, final.json, run/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${DATA:-$ROOT/../shared/datasets/mnist}"
STAGES="${STAGES:-4}"
K="${K:-5000}"
K_CURVE="${K_CURVE:-100}"
SEED="${SEED:-1}"
OUT="${OUT:-$ROOT/benchmarks/results/iwae-table1-s$STAGES}"
VAE="${VAE:-$ROOT/vae}"
mkdir -p "$OUT"
RUN="$OUT/run"
rm -rf "$RUN"
echo "passes,learning_rate,test_elbo,test_log_likelihood,k" > "$OUT/curve.csv"
passes=0
for ((i = 0; i < STAGES; i++)); do
    passes=$((passes + 3 ** i))
    lr=$(python3 -c "print(1e-3 * 10 ** (-$i / 7))")
    if [ "$i" -eq 0 ]; then
        "$VAE" train --data "idx:$DATA" --validation-fraction 0 --hidden 200,200 --activation tanh --latent 50 \
            --binarize dynamic --batch-size 20 --lr 1e-3 --lr-schedule "iwae:$STAGES" --epochs "$passes" \
            --seed "$SEED" --out "$RUN" --quiet > /dev/null
    else
        "$VAE" train --resume "$RUN" --epochs "$passes" --quiet > /dev/null
    fi
    "$VAE" evaluate --model "$RUN" --split test --iw-samples "$K_CURVE" --json > "$OUT/eval-$passes.json"
    python3 - "$OUT/eval-$passes.json" "$passes" "$lr" "$K_CURVE" >> "$OUT/curve.csv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]},{float(sys.argv[3]):.6g},{r['elbo']:.3f},{r['log_likelihood']:.3f},{sys.argv[4]}")
PY
    echo "stage $i: $passes passes, lr $lr: $(tail -1 "$OUT/curve.csv")" >&2
done
"$VAE" evaluate --model "$RUN" --split test --iw-samples "$K" --json > "$OUT/final.json"
python3 - "$OUT/final.json" "$passes" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"after {sys.argv[2]} passes: test log p(x) ≈ {r['log_likelihood']:.2f} nats (K = {r['iw_samples']}), "
      f"ELBO {r['elbo']:.2f}; the paper (3280 passes): -86.76")
PY
