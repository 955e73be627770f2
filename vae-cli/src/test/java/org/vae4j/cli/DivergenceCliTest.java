package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;

/**
 * Divergence (GitHub issue 7, point 3): a learning rate or data that blows training up stops
 * it with one message giving the epoch and the batch and saying which model is kept; the last
 * good checkpoint stays byte for byte as it was, and no NaN model is ever written.
 */
class DivergenceCliTest {
    @TempDir
    Path dir;

    private Path csv(String name, double scale) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 6; j++) {
                sb.append(r.nextGaussian() * scale).append(j < 5 ? ',' : '\n');
            }
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    private static void assertOneLine(Cli c, String... fragments) {
        assertEquals(2, c.code(), c.toString());
        assertEquals(1, c.err().lines().filter(l -> !l.isBlank()).count(), c.toString());
        for (String f : fragments) {
            assertTrue(c.err().contains(f), "stderr should mention '" + f + "':\n" + c.err());
        }
    }

    @Test
    void aLearningRateThatBlowsUpInTheFirstEpochWritesNoModel() throws IOException {
        Path run = dir.resolve("run");
        Cli c = Cli.run("train", "--data", "csv:" + csv("d.csv", 1), "--decoder", "gaussian", "--updater", "sgd",
                "--lr", "1e6", "--batch-size", "20", "--hidden", "8", "--latent", "2", "--epochs", "3", "--quiet",
                "--out", run.toString());
        assertOneLine(c, "training diverged", "at epoch 1, batch 2", "smaller learning rate (it was 1000000.0)",
                "No checkpoint was written");
        assertFalse(Files.exists(run.resolve("model.vae")), "no model with NaN weights");
    }

    @Test
    void divergenceAfterGoodEpochsKeepsTheLastGoodCheckpointByteForByte() throws IOException {
        Path run = dir.resolve("run");
        Cli good = Cli.run("train", "--data", "csv:" + csv("d.csv", 1), "--decoder", "gaussian", "--batch-size", "20",
                "--hidden", "8", "--latent", "2", "--epochs", "2", "--quiet", "--out", run.toString());
        assertEquals(0, good.code(), good.toString());
        Path model = run.resolve("model.vae");
        byte[] before = Files.readAllBytes(model);
        // the same run continues on data 10^18 times larger: the loss overflows at once
        Cli c = Cli.run("train", "--resume", run.toString(), "--data", "csv:" + csv("huge.csv", 1e18), "--epochs", "4",
                "--quiet");
        assertOneLine(c, "training diverged", "at epoch 3, batch 1", "The last good checkpoint, " + model,
                "(2 epochs), is kept");
        assertArrayEquals(before, Files.readAllBytes(model), "the checkpoint is untouched");
        try (VaeModel m = Vae.load(model)) {
            assertEquals(2, m.history().size());
            assertTrue(Double.isFinite(m.history().get(1).elbo()));
        }
    }
}
