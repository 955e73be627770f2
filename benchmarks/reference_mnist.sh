#!/bin/sh
# Runs the PyTorch reference (pytorch_vae.py: the pytorch/examples VAE, 784-400-20-400-784,
# Bernoulli from logits, Adam 1e-3, batch 128, shuffled, 2 threads) for 10 epochs on MNIST
# and writes benchmarks/results/pytorch-mnist-10ep.json: per-epoch train/test -ELBO (nats per
# example), seconds, examples/s, peak RSS, then the IW estimate of log p(x) and inference
# throughput. Takes ~1 minute on a 2-core AVX-512 Xeon with the tuned environment.
#
#   benchmarks/reference_mnist.sh                       # the committed reference (seed 1)
#   SEED=2 OUT=benchmarks/results/pytorch-mnist-10ep-seed2.json benchmarks/reference_mnist.sh
#   VAE4J_NO_TUNE_ENV=1 OUT=/tmp/untuned.json benchmarks/reference_mnist.sh --skip-test-eval
#
# Environment: DATA (default /work/shared/datasets/mnist), SEED (1), EPOCHS (10), THREADS (2),
# IW_K (100; 0 = off), OUT, PYTHON (default: /usr/bin/python3 if it has torch, else python3).
# Extra arguments are passed to pytorch_vae.py. OPENBLAS_CORETYPE / OMP_WAIT_POLICY are set by
# lib/tune-env.sh unless already set (VAE4J_NO_TUNE_ENV=1 disables that).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/lib/tune-env.sh"
vae4j_tune_env

DATA=${DATA:-/work/shared/datasets/mnist}
SEED=${SEED:-1}
EPOCHS=${EPOCHS:-10}
THREADS=${THREADS:-2}
IW_K=${IW_K:-100}
OUT=${OUT:-$here/results/pytorch-mnist-${EPOCHS}ep.json}

if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        PYTHON=/usr/bin/python3        # Debian's python3-torch; pyenv's python3 lacks torch
    else
        PYTHON=python3
    fi
fi

echo "reference: $PYTHON, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>}, OMP_WAIT_POLICY=${OMP_WAIT_POLICY-<unset>}, seed $SEED, $EPOCHS epochs -> $OUT" >&2
exec "$PYTHON" "$here/pytorch_vae.py" \
    --data "$DATA" --epochs "$EPOCHS" --batch-size 128 --hidden 400 --latent 20 \
    --threads "$THREADS" --seed "$SEED" --eval-iw "$IW_K" --json "$OUT" "$@"
