package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuCheckTest {
    private static String cpu(String vendor, int model, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 6\nmodel\t\t: " + model
                + "\nmodel name\t: Test CPU\nflags\t\t: fpu sse " + flags + "\n\nprocessor\t: 1\n";
    }

    @Test
    void recommendsSkylakexForAnUnknownAvx512Xeon() {
        String info = cpu("GenuineIntel", 207, "avx2 fma avx512f avx512dq avx512bw avx512vl");
        assertEquals(Optional.of("SKYLAKEX"), CpuCheck.recommendation(info, Map.of()));
        assertEquals(Optional.empty(), CpuCheck.recommendation(info, Map.of("OPENBLAS_CORETYPE", "HASWELL")),
                "never overrides the user's choice");
    }

    @Test
    void staysQuietWhereOpenBlasKnowsTheCpu() {
        assertEquals(Optional.empty(), CpuCheck.recommendation(
                cpu("GenuineIntel", 85, "avx2 fma avx512f avx512dq avx512bw avx512vl"), Map.of()));
        assertEquals(Optional.empty(), CpuCheck.recommendation(cpu("AuthenticAMD", 207, "avx2 fma"), Map.of()));
        assertEquals(Optional.of("HASWELL"), CpuCheck.recommendation(cpu("GenuineIntel", 190, "avx2 fma"), Map.of()));
        assertEquals(Optional.empty(), CpuCheck.recommendation(cpu("GenuineIntel", 190, "sse4_2"), Map.of()));
    }
}
