package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark command on a tiny size so they don't rot (after the runnable jar is
 * packaged: a failsafe integration test). Needs ../shared/datasets/mnist; PyTorch parts run only
 * where python3 has torch.
 */
class BenchmarksSmokeIT {
    @TempDir
    static Path tmp;
    static Path root;
    static Path data;

    @BeforeAll
    static void tinyMnist() throws IOException {
        root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("benchmarks"))) {
            root = Path.of("..").toAbsolutePath().normalize();
        }
        Path mnist = Path.of(System.getProperty("vae4j.shared", root.resolve("../shared").toString()), "datasets", "mnist");
        assumeTrue(Files.exists(mnist.resolve("train-images-idx3-ubyte.gz")), "no MNIST at " + mnist);
        data = tmp.resolve("mnist-small");
        Files.createDirectories(data);
        for (String split : List.of("train", "t10k")) {
            cut(mnist.resolve(split + "-images-idx3-ubyte.gz"), data.resolve(split + "-images-idx3-ubyte.gz"), 400, 784);
            cut(mnist.resolve(split + "-labels-idx1-ubyte.gz"), data.resolve(split + "-labels-idx1-ubyte.gz"), 400, 1);
        }
    }

    /** The first n items of an IDX file, with the count in the header changed to n. */
    private static void cut(Path from, Path to, int n, int itemBytes) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from))) {
            all = in.readAllBytes();
        }
        int dims = all[3];
        int header = 4 + 4 * dims;
        byte[] out = java.util.Arrays.copyOf(all, header + n * itemBytes);
        java.nio.ByteBuffer.wrap(out).putInt(4, n);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(to))) {
            o.write(out);
        }
    }

    private static boolean hasTorch() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void speedBenchmarkRunsOnATinySubset() throws Exception {
        List<String> which = new ArrayList<>(List.of("vae4j", "vae4j-samediff", "dl4j-layer"));
        if (hasTorch()) {
            which.add(0, "pytorch");
        }
        Path out = tmp.resolve("speed");
        String table = run(Map.of("DATA", data.toString(), "ROUNDS", "1", "EPOCHS", "2", "BATCH", "100",
                "WHICH", String.join(" ", which), "OUTDIR", out.toString()), "sh", "benchmarks/speed_vs_pytorch.sh");
        assertTrue(table.contains("| vae4j (fused step) |") && table.contains("| vae4j (SameDiff graph) |")
                && table.contains("| DL4J VariationalAutoencoder layer |"), table);
        assertTrue(table.contains("| CPU steal % per run |"), table);
        // the pooling script reads the same folder (the SameDiff graph as the reference: PyTorch may be absent)
        String pooled = run(Map.of(), "python3", "benchmarks/speed_pool.py", "--ref", "vae4j-samediff", out.toString());
        assertTrue(pooled.contains("| speed | 1 |") && pooled.contains("pooled (1 epochs of vae4j, 1 of vae4j-samediff): "),
                pooled);
        if (Files.isReadable(Path.of("/proc/stat"))) {                  // one line per run: name, round, %
            List<String> steal = Files.readAllLines(out.resolve("steal.tsv"));
            assertEquals(which.size(), steal.size(), String.join("\n", steal));
            for (int i = 0; i < which.size(); i++) {
                assertTrue(steal.get(i).matches(which.get(i) + "\t1\t\\d+\\.\\d"), steal.get(i));
            }
        }
    }

    @Test
    void evaluationBenchmarkRunsOnATinySubset() throws Exception {
        Path out = tmp.resolve("eval");
        String table = run(Map.of("DATA", data.toString(), "ROUNDS", "1", "K", "5", "OUTDIR", out.toString(),
                "WHICH", hasTorch() ? "pytorch vae4j" : "vae4j"), "sh", "benchmarks/eval_vs_pytorch.sh");
        assertTrue(table.contains("| vae4j (public API) |"), table);
        assertTrue(Files.exists(out.resolve("vae4j-r1.json")), table);
    }

    @Test
    void iwaeScriptRunsOneShortStage() throws Exception {
        Path out = tmp.resolve("iwae");
        String text = run(Map.of("DATA", data.toString(), "STAGES", "1", "K", "5", "K_CURVE", "2",
                "OUT", out.toString()), "bash", "benchmarks/iwae_table1.sh");
        assertTrue(text.contains("after 1 passes: test log p(x)"), text);
        assertEquals(2, Files.readAllLines(out.resolve("curve.csv")).size());
    }
}
