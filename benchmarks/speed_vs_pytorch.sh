#!/bin/sh
# Training speed and peak memory, side by side, on the canonical model (784-400-20-400-784, ReLU,
# Bernoulli, Adam 1e-3, float32) over the full MNIST training set (60,000), all on 2 threads:
#   A = PyTorch's canonical example (benchmarks/pytorch_vae.py, Debian's python3-torch),
#   B = vae4j's trainer (the vae CLI, default engine: the fused step),
#   C = vae4j on the SameDiff graph (--engine samediff),
#   D = DL4J's built-in VariationalAutoencoder layer (benchmarks/dl4j-layer).
# Runs are interleaved round by round (A B C D A B C D ...), EPOCHS epochs per run; the first
# epoch of each run is warm-up and is not counted. BATCH and HIDDEN change the configuration.
#
#   benchmarks/speed_vs_pytorch.sh                       # ROUNDS=2 EPOCHS=3 BATCH=128 HIDDEN=400 LATENT=20
#   BATCH=512 benchmarks/speed_vs_pytorch.sh
#   HIDDEN=1024,1024 LATENT=64 benchmarks/speed_vs_pytorch.sh
#   WHICH="pytorch vae4j" benchmarks/speed_vs_pytorch.sh
#   LIMIT=2000 ROUNDS=1 EPOCHS=2 benchmarks/speed_vs_pytorch.sh   # smoke test
#
# Writes OUTDIR (default benchmarks/results/speed-<config>) and prints a table with ratios to PyTorch.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname "$here")
. "$here/lib/tune-env.sh"
vae4j_tune_env
ROUNDS=${ROUNDS:-2}
EPOCHS=${EPOCHS:-3}
BATCH=${BATCH:-128}
HIDDEN=${HIDDEN:-400}
LATENT=${LATENT:-20}
WHICH=${WHICH:-pytorch vae4j vae4j-samediff dl4j-layer}
DATA=${DATA:-$root/../shared/datasets/mnist}
LIMIT=${LIMIT:-}
tag="b${BATCH}-h$(echo "$HIDDEN" | tr ',' '-')-z${LATENT}"
OUTDIR=${OUTDIR:-$here/results/speed-$tag}
mkdir -p "$OUTDIR"
if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
JAR="$root/vae-cli/target/vae-cli-0.1.0-SNAPSHOT-all.jar"
[ -f "$JAR" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -pl vae-cli -am package)
case " $WHICH " in *" dl4j-layer "*) (cd "$here/dl4j-layer" && { [ -f target/classpath.txt ] || mvn -B -q package; }) ;; esac
if [ -n "$LIMIT" ]; then
    # a smoke-test subset: the first LIMIT training images as an IDX directory
    sub="$OUTDIR/data"
    mkdir -p "$sub"
    "$PYTHON" - "$DATA" "$sub" "$LIMIT" <<'PY'
import gzip, struct, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (("train-images-idx3-ubyte", 784), ("train-labels-idx1-ubyte", 1)):
    raw = gzip.open(f"{src}/{name}.gz").read()
    dims = raw[3]
    header = bytearray(raw[:4 + 4 * dims])
    struct.pack_into(">I", header, 4, n)
    with gzip.open(f"{dst}/{name}.gz", "wb") as f:
        f.write(bytes(header) + raw[4 + 4 * dims: 4 + 4 * dims + n * item])
PY
    DATA=$sub
fi

r=1
# CPU time the hypervisor gave to other guests ("steal", /proc/stat) during each run, in % of all
# CPU time: on a shared VM it slows runs unevenly (4–28 % was seen in session 7), so it is kept
# beside the timings (steal.tsv: implementation, round, %) and shown in the table
cpu_ticks() { awk '/^cpu / {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat 2>/dev/null || echo "0 0"; }
: > "$OUTDIR/steal.tsv"
while [ "$r" -le "$ROUNDS" ]; do
    for impl in $WHICH; do
        echo "round $r: $impl" >&2
        ticks_before=$(cpu_ticks)
        case $impl in
            pytorch)
                "$PYTHON" "$here/pytorch_vae.py" --data "$DATA" --epochs "$EPOCHS" --batch-size "$BATCH" \
                    --hidden "$HIDDEN" --latent "$LATENT" --threads 2 --skip-test-eval --quiet \
                    --json "$OUTDIR/pytorch-r$r.json" ;;
            vae4j|vae4j-samediff)
                engine=auto
                [ "$impl" = vae4j-samediff ] && engine=samediff
                rm -rf "$OUTDIR/$impl-r$r"
                java -jar "$JAR" train --data "idx:$DATA" --validation-fraction 0 --epochs "$EPOCHS" \
                    --batch-size "$BATCH" --hidden "$HIDDEN" --latent "$LATENT" --engine "$engine" --quiet \
                    --out "$OUTDIR/$impl-r$r" > /dev/null ;;
            dl4j-layer)
                "$here/dl4j-layer/run.sh" --data "$DATA" --epochs "$EPOCHS" --batch-size "$BATCH" --threads 2 \
                    --quiet --json "$OUTDIR/dl4j-layer-r$r.json" > /dev/null 2>&1 ;;
        esac
        echo "$ticks_before $(cpu_ticks)" | awk -v impl="$impl" -v r="$r" \
            '$4 > $2 {printf "%s\t%d\t%.1f\n", impl, r, 100 * ($3 - $1) / ($4 - $2)}' >> "$OUTDIR/steal.tsv"
    done
    r=$((r + 1))
done
"$PYTHON" "$here/speed_table.py" "$OUTDIR" "$HIDDEN" "$LATENT" | tee "$OUTDIR/table.md"
