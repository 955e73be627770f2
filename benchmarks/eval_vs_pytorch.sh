#!/bin/sh
# Test-time throughput side by side, on the canonical model (784-400-20-400-784, ReLU, Bernoulli,
# float32) after EPOCHS training epochs on the full MNIST training set, all on 2 threads:
#   inference  - encode + reparameterize + decode (sigmoid means), batch 128, over the 10,000
#                test images: examples/s (median of 3 passes);
#   evaluation - the importance-weighted estimate of log p(x) with K samples per test image
#                (K = 1000): samples/s and seconds, and the estimate itself.
#   A = PyTorch's canonical example (benchmarks/pytorch_vae.py --eval-iw K),
#   B = vae4j through its public API (benchmarks/vae4j-speed/InferenceBench.java, compiled against
#       the runnable jar: VaeModel.sampleLatent + decode, VaeModel.evaluate with importanceWeighted(K)).
# Runs are interleaved (A B A B ...), ROUNDS rounds.
#
#   benchmarks/eval_vs_pytorch.sh                          # ROUNDS=2 K=1000 EPOCHS=1
#   DATA=/tmp/tiny-mnist ROUNDS=1 K=5 benchmarks/eval_vs_pytorch.sh     # smoke test
#
# Writes OUTDIR (default benchmarks/results/eval-k<K>) and prints a table with ratios to PyTorch.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname "$here")
. "$here/lib/tune-env.sh"
vae4j_tune_env
ROUNDS=${ROUNDS:-2}
EPOCHS=${EPOCHS:-1}
K=${K:-1000}
DATA=${DATA:-$root/../shared/datasets/mnist}
OUTDIR=${OUTDIR:-$here/results/eval-k$K}
WHICH=${WHICH:-pytorch vae4j}
mkdir -p "$OUTDIR"
if [ -z "${PYTHON:-}" ]; then
    if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
JAR="$root/vae-cli/target/vae-cli-0.1.0-SNAPSHOT-all.jar"
[ -f "$JAR" ] || (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -pl vae-cli -am package)
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
case " $WHICH " in *" vae4j "*)
    javac -nowarn -d "$classes" -cp "$JAR" "$here/vae4j-speed/InferenceBench.java" ;;
esac
r=1
while [ "$r" -le "$ROUNDS" ]; do
    for impl in $WHICH; do
        echo "round $r: $impl" >&2
        case $impl in
            pytorch)
                "$PYTHON" "$here/pytorch_vae.py" --data "$DATA" --epochs "$EPOCHS" --threads 2 --eval-iw "$K" \
                    --quiet --json "$OUTDIR/pytorch-r$r.json" ;;
            vae4j)
                java -Xmx4g -cp "$classes:$JAR" org.vae4j.bench.InferenceBench --data "$DATA" \
                    --epochs "$EPOCHS" --iw "$K" --json "$OUTDIR/vae4j-r$r.json" > /dev/null ;;
        esac
    done
    r=$((r + 1))
done
"$PYTHON" - "$OUTDIR" "$K" <<'PY' | tee "$OUTDIR/table.md"
import glob, json, os, statistics, sys
outdir, k = sys.argv[1], int(sys.argv[2])
rows = {}
for path in sorted(glob.glob(os.path.join(outdir, "*-r*.json"))):
    impl = os.path.basename(path).split("-r")[0]
    d = json.load(open(path))
    s = d.get("summary", d)                      # pytorch_vae.py nests its figures in "summary"
    inf = s["inference"]
    rates = inf.get("examples_per_second_passes") or inf["examples_per_second"]
    iw = s["iw"]
    r = rows.setdefault(impl, {"inf": [], "iw": [], "secs": [], "lp": [], "rss": []})
    r["inf"].append(statistics.median(rates))
    r["iw"].append(iw["samples_per_second"])
    r["secs"].append(iw["seconds"])
    r["lp"].append(iw["test_log_px"])
    r["rss"].append(s.get("peak_rss_mb") or d.get("peak_rss_mb") or float("nan"))
names = {"pytorch": "PyTorch 1.13", "vae4j": "vae4j (public API)"}
ref = rows.get("pytorch")
print(f"K = {k}; medians over {max(len(v['inf']) for v in rows.values())} run(s); "
      "time ratio = PyTorch's throughput / this one's (below 1: faster than PyTorch)")
print()
print("| implementation | inference examples/s | time vs PyTorch | IW samples/s | IW seconds | time vs PyTorch | test log p(x) | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|")
for impl in ("pytorch", "vae4j"):
    if impl not in rows:
        continue
    r = rows[impl]
    inf, iw = statistics.median(r["inf"]), statistics.median(r["iw"])
    rinf = f"{statistics.median(ref['inf']) / inf:.2f}×" if ref else "–"
    riw = f"{statistics.median(ref['iw']) / iw:.2f}×" if ref else "–"
    print(f"| {names[impl]} | {inf:.0f} | {rinf} | {iw:.0f} | {statistics.median(r['secs']):.1f} | {riw} "
          f"| {statistics.median(r['lp']):.2f} | {max(r['rss']):.0f} |")
PY
