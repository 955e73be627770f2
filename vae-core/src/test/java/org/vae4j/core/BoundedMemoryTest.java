package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Evaluation with K = 5000 importance samples runs in bounded memory (GitHub issue 7, point 5):
 * in a JVM with a 64 MiB heap whose native memory JavaCPP caps at 800 MiB of resident memory, the
 * chunked evaluation of 20 MNIST-sized examples finishes, while an unchunked evaluation with
 * K = 20000 is refused for lack of memory, which shows the cap is real.
 *
 * <p>Measured peak resident memory of this evaluation through the graph (2 cores, K = 5000): 171 /
 * 271 / 531 / 892 MiB for chunks of 0.25 / 1 / 4 (the default) / 16 million K·M·D values, 1206 MiB
 * unchunked; the estimate is the same to the last bit for every chunk size. Through the fused
 * log-weights ({@code FusedForward}, what this dense Bernoulli model now uses) the unchunked K = 5000
 * run peaks at 719 MiB, so it no longer serves as the control.
 */
class BoundedMemoryTest {
    private static final Pattern RESULT = Pattern.compile("logLikelihood=(\\S+) elbo=\\S+ peakRssMiB=(\\d+)");

    private record Run(int exitCode, String output) {
    }

    private static Run evaluate(int k, long maxChunkElements) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.maxbytes=512m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=800m",
                "-cp", System.getProperty("java.class.path"), IwEvaluationMain.class.getName(),
                Integer.toString(k), Long.toString(maxChunkElements)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no result in 180 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    @Test
    void importanceWeightedEvaluationWithK5000FitsInACappedJvm() throws Exception {
        Run chunked = evaluate(5000, EvaluationOptions.importanceWeighted(5000).maxChunkElements());
        assertEquals(0, chunked.exitCode(), chunked.output());
        Matcher m = RESULT.matcher(chunked.output());
        assertTrue(m.find(), chunked.output());
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))), chunked.output());
        long peak = Long.parseLong(m.group(2));
        assertTrue(peak < 800, "peak resident memory " + peak + " MiB");
        System.out.println("BoundedMemoryTest: K=5000 chunked: " + m.group(0));

        // the control: unchunked, K = 20000 needs ~4× the 0.7 GiB that K = 5000 takes unchunked
        Run whole = evaluate(20000, Long.MAX_VALUE);
        assertNotEquals(0, whole.exitCode(), "all K samples at once should not fit:\n" + whole.output());
        assertTrue(whole.output().contains("OutOfMemoryError"), whole.output());
    }
}
