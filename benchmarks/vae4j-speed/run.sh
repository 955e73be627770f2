#!/bin/sh
# Fused ND4J step vs SameDiff, ms/step on the canonical model (see FusedStepBench.java), or
# test-time throughput through the public API (InferenceBench.java, used by eval_vs_pytorch.sh).
#
#   benchmarks/vae4j-speed/run.sh                       # FusedStepBench: both modes, batch 128
#   benchmarks/vae4j-speed/run.sh --mode train --rounds 20 --ew-threads 1
#   benchmarks/vae4j-speed/run.sh InferenceBench --data ../shared/datasets/mnist --iw 1000 --json out.json
#
# Compiles vae-core and vae-datasets (offline), then the sources here against their classes
# and dependency classpaths, and runs it with the tuned environment (../lib/tune-env.sh:
# OPENBLAS_CORETYPE, OMP_WAIT_POLICY=PASSIVE) unless already set.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
. "$here/../lib/tune-env.sh"
vae4j_tune_env
out="$here/target"
mkdir -p "$out/classes"
(cd "$root" && mvn -B -q -o -Dstyle.color=never -pl vae-core,vae-datasets compile >/dev/null)
for m in vae-core vae-datasets; do
    (cd "$root" && mvn -B -q -o -Dstyle.color=never -pl "$m" dependency:build-classpath \
        -Dmdep.outputFile="$out/cp-$m.txt" -Dmdep.includeScope=runtime >/dev/null)
done
cp="$root/vae-core/target/classes:$root/vae-datasets/target/classes:$(cat "$out/cp-vae-core.txt"):$(cat "$out/cp-vae-datasets.txt")"
javac -nowarn -d "$out/classes" -cp "$cp" "$here"/*.java
cp "$here/logback.xml" "$out/classes/"
main=FusedStepBench
case "${1:-}" in FusedStepBench|InferenceBench) main=$1; shift ;; esac
exec "${JAVA:-java}" ${JAVA_OPTS:--Xmx2g} -cp "$out/classes:$cp" "org.vae4j.bench.$main" "$@"
