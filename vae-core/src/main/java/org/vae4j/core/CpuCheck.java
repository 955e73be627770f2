package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects the case measured in docs/benchmarks.md: ND4J's bundled OpenBLAS 0.3.19 does not know
 * recent Intel CPUs and falls back to generic kernels (about 3× slower for training). Logs one
 * warning with the fix when OPENBLAS_CORETYPE is unset on such a CPU.
 */
final class CpuCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CpuCheck.class);
    /** Family-6 Intel models with AVX-512 or AVX2 that OpenBLAS 0.3.19 detects by itself. */
    private static final Set<Integer> KNOWN_MODELS = Set.of(
            60, 63, 69, 70, 61, 71, 79, 86, 78, 94, 85, 142, 158, 165, 166, 102, 106, 108, 125, 126, 140, 141, 167);

    private CpuCheck() {
    }

    /** The OPENBLAS_CORETYPE to recommend, when the CPU needs one and the user has not set it. */
    static Optional<String> recommendation(String cpuinfo, Map<String, String> env) {
        if (env.containsKey("OPENBLAS_CORETYPE") || cpuinfo == null) {
            return Optional.empty();
        }
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        String model = field(cpuinfo, "model");
        String flags = " " + field(cpuinfo, "flags") + " ";
        if (!"GenuineIntel".equals(vendor) || !"6".equals(family) || model.isEmpty()) {
            return Optional.empty();
        }
        int m;
        try {
            m = Integer.parseInt(model);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (KNOWN_MODELS.contains(m)) {
            return Optional.empty();
        }
        if (List.of("avx512f", "avx512bw", "avx512vl", "avx512dq").stream().allMatch(f -> flags.contains(" " + f + " "))) {
            return Optional.of("SKYLAKEX");
        }
        if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
            return Optional.of("HASWELL");
        }
        return Optional.empty();
    }

    static void warnIfGenericKernels() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return;
        }
        recommendation(cpuinfo, System.getenv()).ifPresent(core -> LOG.warn(
                "OpenBLAS 0.3.19 (bundled with ND4J) does not recognise this CPU ({} model {}) and runs generic "
                        + "kernels, about 3x slower. Set OPENBLAS_CORETYPE={} and OMP_WAIT_POLICY=PASSIVE in the "
                        + "environment before starting Java (the ./vae launcher does this for you).",
                field(cpuinfo, "model name"), field(cpuinfo, "model"), core));
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
