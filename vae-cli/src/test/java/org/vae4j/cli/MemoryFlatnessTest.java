package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-run stability (GitHub issue 7, point 6): the resident memory of {@code vae train} in a
 * child JVM, read from /proc/PID/status each time an epoch's checkpoint appears, stays flat over
 * 24 epochs. The heap is fixed and touched up front (-Xms = -Xmx, AlwaysPreTouch), so growth
 * would be native (off-heap) memory. Prints the RSS of every epoch.
 *
 * <p>Longer or larger runs: {@code -Dvae4j.memory.epochs=60 -Dvae4j.memory.data=mnist-10k
 * -Dvae4j.memory.model=400,20}; the numbers in docs/reliability.md come from such runs.
 */
class MemoryFlatnessTest {
    @TempDir
    Path dir;

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static Object inode(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private Path csv() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            double a = r.nextGaussian();
            for (int j = 0; j < 30; j++) {
                sb.append(String.format("%.3f", Math.sin(j + a) + 0.1 * r.nextGaussian())).append(j < 29 ? ',' : '\n');
            }
        }
        Path f = dir.resolve("data.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void residentMemoryStaysFlatOverManyEpochs() throws Exception {
        assertTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
        int epochs = Integer.getInteger("vae4j.memory.epochs", 24);
        String data = System.getProperty("vae4j.memory.data");
        String[] model = System.getProperty("vae4j.memory.model", "64,4").split(",");
        List<String> args = new ArrayList<>(List.of("train", "--data", data != null ? data : "csv:" + csv(),
                "--hidden", model[0], "--latent", model[1], "--epochs", Integer.toString(epochs), "--quiet",
                "--out", dir.resolve("run").toString()));
        if (data == null) {
            args.addAll(List.of("--decoder", "gaussian", "--batch-size", "50"));
        }
        ChildJvm.Running child = ChildJvm.command(args)
                .withJvmOptions("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch").start();
        long pid = child.process().pid();
        Path checkpoint = dir.resolve("run").resolve("model.vae");
        List<Long> rss = new ArrayList<>();
        Object last = null;
        long deadline = System.nanoTime() + 1_200_000_000_000L;
        while (child.process().isAlive() && System.nanoTime() < deadline) {
            Object now = inode(checkpoint);
            if (now != null && !Objects.equals(now, last)) {
                last = now;
                try {
                    rss.add(rssKb(pid));
                } catch (IOException | IllegalStateException e) {
                    break;          // the child has just exited
                }
            }
            Thread.sleep(5);
        }
        ChildJvm.Result r = child.await(60);
        assertEquals(0, r.exitCode(), r.toString());
        StringBuilder table = new StringBuilder("MemoryFlatnessTest: RSS per epoch (MiB):");
        for (int i = 0; i < rss.size(); i++) {
            table.append(i % 10 == 0 ? "\n  " : " ").append(String.format("%d:%d", i + 1, rss.get(i) >> 10));
        }
        System.out.println(table);
        assertTrue(rss.size() >= epochs - 1, "saw " + rss.size() + " of " + epochs + " checkpoints");
        // after a warm-up (JIT, allocator arenas, ND4J caches) the last half must not grow
        int half = rss.size() / 2;
        long mid = rss.get(half - 1);
        long end = rss.stream().skip(half).mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(end - mid < 32 * 1024, "RSS grew by " + (end - mid) / 1024 + " MiB over the second half: " + table);
    }
}
