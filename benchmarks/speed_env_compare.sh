#!/bin/sh
# Seconds per training epoch with and without the environment tuning of lib/tune-env.sh
# (OPENBLAS_CORETYPE=<from CPU flags>, OMP_WAIT_POLICY=PASSIVE), for the PyTorch reference and
# for DL4J's built-in VAE layer. The configurations alternate, round by round, so that load from
# other users of a shared machine spreads over all of them. Training only (no test evaluation).
#
#   benchmarks/speed_env_compare.sh                     # 1 round: PT 3 epochs, DL4J 2 epochs
#   ROUNDS=2 benchmarks/speed_env_compare.sh
#   WHICH=pytorch benchmarks/speed_env_compare.sh       # pytorch | dl4j | both (default)
#
# Writes benchmarks/results/speed/{pytorch,dl4j-layer}-{tuned,untuned}-r<N>.json (OUTDIR to
# change) and prints the table of summarize.py. Takes ~6 minutes per round on 2 cores.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/lib/tune-env.sh"

ROUNDS=${ROUNDS:-1}
PT_EPOCHS=${PT_EPOCHS:-3}
DL4J_EPOCHS=${DL4J_EPOCHS:-2}
WHICH=${WHICH:-both}
OUTDIR=${OUTDIR:-$here/results/speed}
DATA=${DATA:-/work/shared/datasets/mnist}
mkdir -p "$OUTDIR"

if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
core=$(vae4j_openblas_coretype)

# run_mode tuned|untuned command...: the command with exactly the chosen settings
run_mode() {
    mode=$1; shift
    if [ "$mode" = tuned ]; then
        env -u OPENBLAS_CORETYPE -u OMP_WAIT_POLICY VAE4J_NO_TUNE_ENV=1 \
            ${core:+OPENBLAS_CORETYPE=$core} OMP_WAIT_POLICY=PASSIVE "$@"
    else
        env -u OPENBLAS_CORETYPE -u OMP_WAIT_POLICY VAE4J_NO_TUNE_ENV=1 "$@"
    fi
}

if [ "$WHICH" != pytorch ]; then
    (cd "$here/dl4j-layer" && { [ -f target/classpath.txt ] || mvn -B -q package; })
fi

r=1
while [ "$r" -le "$ROUNDS" ]; do
    for mode in tuned untuned; do
        if [ "$WHICH" != dl4j ]; then
            echo "round $r: pytorch $mode" >&2
            run_mode "$mode" "$PYTHON" "$here/pytorch_vae.py" --data "$DATA" --epochs "$PT_EPOCHS" \
                --threads 2 --skip-test-eval --quiet --json "$OUTDIR/pytorch-$mode-r$r.json"
        fi
        if [ "$WHICH" != pytorch ]; then
            echo "round $r: dl4j-layer $mode" >&2
            run_mode "$mode" "$here/dl4j-layer/run.sh" --data "$DATA" --epochs "$DL4J_EPOCHS" \
                --threads 2 --quiet --json "$OUTDIR/dl4j-layer-$mode-r$r.json" >/dev/null 2>&1
        fi
    done
    r=$((r + 1))
done
"$PYTHON" "$here/summarize.py" "$OUTDIR"/*.json
