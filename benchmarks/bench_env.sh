#!/bin/sh
# Prints the OPENBLAS_CORETYPE recommended for this CPU (SKYLAKEX, HASWELL, or nothing).
#
#   benchmarks/bench_env.sh              -> e.g. "SKYLAKEX" (no output if no recommendation)
#   benchmarks/bench_env.sh --export     -> shell lines for eval, honouring variables already set:
#                                           eval "$(benchmarks/bench_env.sh --export)"
#   benchmarks/bench_env.sh --explain    -> the relevant CPU flags and the decision (human-readable)
#
# The logic lives in lib/tune-env.sh (vae4j_openblas_coretype / vae4j_tune_env), which the
# ./vae launcher sources.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$here/lib/tune-env.sh"

case "${1:-}" in
    "")
        core=$(vae4j_openblas_coretype)
        [ -n "$core" ] && echo "$core"
        exit 0
        ;;
    --export)
        vae4j_tune_env
        [ -n "${OPENBLAS_CORETYPE+set}" ] && echo "export OPENBLAS_CORETYPE='$OPENBLAS_CORETYPE'"
        [ -n "${OMP_WAIT_POLICY+set}" ] && echo "export OMP_WAIT_POLICY='$OMP_WAIT_POLICY'"
        exit 0
        ;;
    --explain)
        echo "cpu:   $(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)"
        printf 'flags:'
        for f in avx2 fma avx512f avx512bw avx512vl avx512dq; do
            if sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1 | tr ' ' '\n' | grep -qx "$f"; then
                printf ' %s' "$f"; else printf ' !%s' "$f"; fi
        done
        echo
        core=$(vae4j_openblas_coretype)
        echo "recommended OPENBLAS_CORETYPE: ${core:-<none>}"
        echo "currently set: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OMP_WAIT_POLICY=${OMP_WAIT_POLICY-<unset>}"
        exit 0
        ;;
    -h|--help)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "usage: $0 [--export|--explain|--help]" >&2
        exit 2
        ;;
esac
