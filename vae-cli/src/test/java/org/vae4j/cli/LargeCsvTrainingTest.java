package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a CSV file larger than the heap (GitHub issue 7, point 5): {@code vae train} in a
 * JVM with a 32 MiB heap trains two epochs on 16 MB of CSV (8 million values, 32 MB as float32)
 * by streaming it, and leaves no temporary files behind, neither in its output directory nor in
 * java.io.tmpdir.
 */
class LargeCsvTrainingTest {
    @TempDir
    Path dir;

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void trainsOnACsvLargerThanTheHeapAndCleansUp() throws Exception {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(40);
            for (int i = 0; i < 400_000; i++) {
                line.setLength(0);
                for (int j = 0; j < 20; j++) {
                    line.append((i * 7 + j * 3) % 10).append(j < 19 ? ',' : '\n');
                }
                w.append(line);
            }
        }
        assertEquals(16_000_000L, Files.size(csv));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path out = dir.resolve("run");
        ChildJvm.Result r = ChildJvm.command(List.of("train", "--data", "csv:" + csv + "?stream=true", "--decoder", "gaussian",
                        "--hidden", "8", "--latent", "2", "--batch-size", "1000", "--epochs", "2", "--quiet",
                        "--out", out.toString()))
                .withJvmOptions("-Xmx32m", "-Dorg.bytedeco.javacpp.maxbytes=1g", "-Djava.io.tmpdir=" + tmp)
                .start().await(300);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("trained 2 epochs"), r.toString());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(3, history.size(), history.toString());
        assertEquals(List.of(), list(tmp), "nothing left in java.io.tmpdir");
        assertTrue(list(out).stream().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), list(out).toString());
    }
}
