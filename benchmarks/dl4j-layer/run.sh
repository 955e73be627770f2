#!/bin/sh
# Builds (if needed) and runs the DL4J built-in VAE layer benchmark with a classpath launch.
#
#   benchmarks/dl4j-layer/run.sh --epochs 1 --json benchmarks/results/dl4j-layer-1ep.json
#   benchmarks/dl4j-layer/run.sh --epochs 3 --threads 2 --test-eval --json /tmp/dl4j.json
#
# Options (passed to org.vae4j.bench.Dl4jVaeLayerBench): --epochs N, --data DIR, --json OUT,
# --threads N (BLAS threads, and OMP_NUM_THREADS unless already set), --batch-size N, --seed N,
# --limit-train N, --test-eval, --quiet.
# Environment: OPENBLAS_CORETYPE / OMP_WAIT_POLICY are set by ../lib/tune-env.sh unless already
# set (VAE4J_NO_TUNE_ENV=1 disables that); JAVA (default java); JAVA_OPTS (default -Xmx2g).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/../lib/tune-env.sh"
vae4j_tune_env

# --threads N also sets OMP_NUM_THREADS (ND4J's OpenMP pool, which ND4J also applies to OpenBLAS)
threads=2
prev=
for a in "$@"; do
    [ "$prev" = "--threads" ] && threads=$a
    prev=$a
done
if [ -z "${OMP_NUM_THREADS+set}" ]; then
    OMP_NUM_THREADS=$threads
    export OMP_NUM_THREADS
fi

if [ ! -f "$here/target/classpath.txt" ] || [ ! -d "$here/target/classes" ] \
   || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$here/target/classpath.txt" 2>/dev/null | head -n 1)" ]; then
    echo "building $here ..." >&2
    (cd "$here" && mvn -B -q package)
fi

exec "${JAVA:-java}" ${JAVA_OPTS:--Xmx2g} \
    -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.vae4j.bench.Dl4jVaeLayerBench "$@"
