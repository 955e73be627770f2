# shellcheck shell=sh
# vae4j: environment tuning for OpenBLAS / OpenMP on x86-64 CPUs.
#
# Source this file (POSIX sh, bash, dash, zsh) and call vae4j_tune_env before starting the
# JVM (or python), e.g. in the ./vae launcher:
#
#     . "$VAE4J_HOME/lib/tune-env.sh"
#     vae4j_tune_env
#     exec java ... 
#
# Why (measured, see PERFORMANCE.md section 1): OpenBLAS 0.3.19 (ND4J's) and 0.3.21 (Debian's)
# mistake AVX-512 Xeons for "Prescott" and run generic sgemm kernels (26-55 instead of ~280
# GFLOP/s); OPENBLAS_CORETYPE forces the right kernels. OMP_WAIT_POLICY=PASSIVE stops OpenMP
# threads spinning against OpenBLAS's threads. Together: one training epoch of the canonical
# MNIST VAE ~30 s -> ~10.5 s (SameDiff), ~21 s -> ~3.4 s (PyTorch).
#
# Rules: a variable the user has already set (even to the empty string) is never touched;
# VAE4J_NO_TUNE_ENV=1 turns the whole thing off. Nothing is printed unless VAE4J_TUNE_ENV_VERBOSE=1.

# Prints the OPENBLAS_CORETYPE recommended for this CPU, or nothing:
#   SKYLAKEX  if the CPU flags contain avx512f, avx512bw, avx512vl and avx512dq
#   HASWELL   if they contain avx2 and fma
#   (nothing) otherwise, or when /proc/cpuinfo is unavailable (non-Linux, non-x86)
# Optional argument: a cpuinfo file to read instead of /proc/cpuinfo (for tests).
vae4j_openblas_coretype() {
    _vae4j_cpuinfo=${1:-/proc/cpuinfo}
    [ -r "$_vae4j_cpuinfo" ] || { unset _vae4j_cpuinfo; return 0; }
    # the first "flags" line (x86); padded with spaces so every flag is " name "
    _vae4j_flags=" $(sed -n 's/^flags[[:space:]]*:[[:space:]]*//p' "$_vae4j_cpuinfo" | head -n 1) "
    _vae4j_n=0  # how many of the AVX-512 flags are present
    for _vae4j_f in avx512f avx512bw avx512vl avx512dq; do
        case "$_vae4j_flags" in *" $_vae4j_f "*) _vae4j_n=$((_vae4j_n + 1)) ;; esac
    done
    if [ "$_vae4j_n" -eq 4 ]; then
        echo SKYLAKEX
    else
        case "$_vae4j_flags" in
            *" avx2 "*) case "$_vae4j_flags" in *" fma "*) echo HASWELL ;; esac ;;
        esac
    fi
    unset _vae4j_cpuinfo _vae4j_flags _vae4j_n _vae4j_f
}

# Exports OPENBLAS_CORETYPE (if a recommendation exists) and OMP_WAIT_POLICY=PASSIVE,
# each only when the user has not set it.
vae4j_tune_env() {
    [ "${VAE4J_NO_TUNE_ENV:-0}" = 1 ] && return 0
    if [ -z "${OPENBLAS_CORETYPE+set}" ]; then
        _vae4j_core=$(vae4j_openblas_coretype)
        if [ -n "$_vae4j_core" ]; then
            OPENBLAS_CORETYPE=$_vae4j_core
            export OPENBLAS_CORETYPE
        fi
        unset _vae4j_core
    fi
    if [ -z "${OMP_WAIT_POLICY+set}" ]; then
        OMP_WAIT_POLICY=PASSIVE
        export OMP_WAIT_POLICY
    fi
    if [ "${VAE4J_TUNE_ENV_VERBOSE:-0}" = 1 ]; then
        echo "vae4j: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-<unset>} OMP_WAIT_POLICY=${OMP_WAIT_POLICY-<unset>}" >&2
    fi
    return 0
}
