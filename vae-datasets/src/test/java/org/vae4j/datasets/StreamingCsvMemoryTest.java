package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file whose values take as much memory as the whole heap trains by streaming: a JVM with a
 * 32 MiB heap reads every row of a 16 MB file (8 million values, 32 MB as float32, which the
 * in-memory path could not hold).
 */
class StreamingCsvMemoryTest {
    private static final int ROWS = 400_000;
    private static final int COLUMNS = 20;

    @TempDir
    Path tmp;

    @Test
    void streamsAFileLargerThanTheHeapInAForkedJvm() throws IOException, InterruptedException {
        Path csv = tmp.resolve("big.csv");
        long expectedSum = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(2 * COLUMNS);
            for (int i = 0; i < ROWS; i++) {
                line.setLength(0);
                for (int j = 0; j < COLUMNS; j++) {
                    int v = (i + j) % 10;
                    expectedSum += v;
                    line.append(v).append(j + 1 < COLUMNS ? ',' : '\n');
                }
                w.append(line);
            }
        }
        assertEquals(16_000_000L, Files.size(csv));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:+UseSerialGC",
                "-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dlogback.configurationFile=none",
                "-cp", System.getProperty("java.class.path"), StreamingCsvMain.class.getName(), csv.toString()))
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "the forked JVM did not finish in 120 s:\n" + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("rows=" + ROWS + " sum=" + expectedSum + " maxHeapMiB="), output);
    }
}
