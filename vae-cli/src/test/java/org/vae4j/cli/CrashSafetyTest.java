package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import org.vae4j.core.train.EpochSummary;

/**
 * Crash safety (GitHub issue 7, point 2): {@code vae train} in a child JVM is killed with SIGKILL
 * at random moments after a checkpoint has appeared, then resumed with {@code --resume DIR}, three
 * times over. Every checkpoint left behind loads and holds exactly the epochs of an uninterrupted
 * run; temporary files a kill leaves are removed by the next run; and the resumed run ends with
 * the same per-epoch ELBOs as an uninterrupted run with the same seed, bit for bit (the
 * uninterrupted run goes in the test's own JVM, so this also holds across JIT settings).
 */
class CrashSafetyTest {
    private static final int EPOCHS = 5;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    private static List<String> trainArgs(Path csv, Path out) {
        return List.of("train", "--data", "csv:" + csv, "--decoder", "gaussian", "--hidden", "32", "--latent", "4",
                "--batch-size", "20", "--epochs", Integer.toString(EPOCHS), "--seed", "5", "--quiet", "--out", out.toString());
    }

    private static List<String> resumeArgs(Path out) {
        return List.of("train", "--resume", out.toString(), "--epochs", Integer.toString(EPOCHS), "--quiet");
    }

    private static List<EpochSummary> history(Path run) {
        try (VaeModel m = Vae.load(run.resolve("model.vae"))) {
            return m.history();
        }
    }

    private static List<Path> temporaries(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** The inode of the checkpoint: each atomic rename gives a new one. */
    private static Object checkpointKey(Path run) {
        try {
            return Files.readAttributes(run.resolve("model.vae"), BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void assertSameEpochs(List<EpochSummary> expected, List<EpochSummary> actual, String what) {
        for (int i = 0; i < actual.size(); i++) {
            EpochSummary e = expected.get(i);
            EpochSummary a = actual.get(i);
            assertEquals(e.epoch(), a.epoch(), what);
            assertEquals(e.elbo(), a.elbo(), 0.0, what + ": train ELBO of epoch " + a.epoch());
            assertEquals(e.kl(), a.kl(), 0.0, what + ": KL of epoch " + a.epoch());
            assertEquals(e.validationElbo(), a.validationElbo(), what + ": validation ELBO of epoch " + a.epoch());
        }
    }

    @Test
    void killedTrainingResumesToTheResultOfAnUninterruptedRun() throws Exception {
        Path csv = dir.resolve("data.csv");
        SplittableRandom data = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            double a = data.nextGaussian();
            double b = data.nextGaussian();
            for (int j = 0; j < 20; j++) {
                sb.append(String.format("%.4f", Math.sin(j) * a + Math.cos(j) * b + 0.1 * data.nextGaussian()))
                        .append(j < 19 ? ',' : '\n');
            }
        }
        Files.writeString(csv, sb.toString());
        Path reference = dir.resolve("reference");
        Path run = dir.resolve("killed");
        // the uninterrupted run goes in this JVM (C2, no OMP_WAIT_POLICY), alongside the killed ones
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<Cli> uninterrupted = pool.submit(() -> Cli.run(trainArgs(csv, reference)
                .toArray(String[]::new)));
        pool.shutdown();

        SplittableRandom random = new SplittableRandom(20260122);
        List<String> log = new ArrayList<>();
        List<List<EpochSummary>> checkpoints = new ArrayList<>();
        int leftovers = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            if (kill > 0 && history(run).size() >= EPOCHS) {
                break; // the last kill came after the final checkpoint: nothing left to interrupt
            }
            Object before = checkpointKey(run);
            ChildJvm.Running child = ChildJvm.command(kill == 0 ? trainArgs(csv, run) : resumeArgs(run)).start();
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (java.util.Objects.equals(checkpointKey(run), before) && child.process().isAlive()) {
                assertTrue(System.nanoTime() < deadline, "no new checkpoint in 180 s:\n" + child.err());
                Thread.sleep(20);
            }
            if (!child.process().isAlive()) {
                // on a slow machine the child may finish its last epoch before the kill lands
                assertEquals(EPOCHS, history(run).size(), "the child ended early:\n" + child.err());
                checkpoints.add(history(run));
                log.add("kill " + (kill + 1) + ": the child finished first");
                break;
            }
            long delay = random.nextLong(700);
            Thread.sleep(delay);
            child.process().destroyForcibly();          // SIGKILL on Linux
            child.process().waitFor();
            List<EpochSummary> h = history(run);         // must load, whatever the moment of the kill
            checkpoints.add(h);
            List<Path> tmp = temporaries(run);
            leftovers += tmp.size();
            log.add("kill " + (kill + 1) + ": " + delay + " ms after a new checkpoint, checkpoint holds " + h.size()
                    + " epochs, " + tmp.size() + " temporary files left");
        }
        // a kill in the middle of a write leaves a temporary file; plant one to be sure the next run copes
        Path stale = run.resolve(".model.vae." + java.util.UUID.randomUUID() + ".tmp");
        Files.write(stale, new byte[] {'P', 'K', 3, 4, 0});
        ChildJvm.Result finished = ChildJvm.command(resumeArgs(run)).start().await(300);
        assertEquals(0, finished.exitCode(), finished.toString());
        // a run resumed after the final checkpoint only says there is nothing left to train
        String unexpected = finished.stderr().lines()
                .filter(l -> !l.contains("already has " + EPOCHS + " epochs; raise --epochs"))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertEquals("", unexpected, "a resumed run prints no warnings or traces:\n" + finished);
        assertEquals(List.of(), temporaries(run), "temporary files of killed runs are removed");

        Cli straight = uninterrupted.get(300, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, straight.code(), straight.toString());
        List<EpochSummary> expected = history(reference);
        assertEquals(EPOCHS, expected.size());
        for (int i = 0; i < checkpoints.size(); i++) {
            List<EpochSummary> h = checkpoints.get(i);
            assertTrue(h.size() >= 1 && h.size() <= EPOCHS, log.toString());
            assertSameEpochs(expected, h, "checkpoint after kill " + (i + 1));
        }
        List<EpochSummary> resumed = history(run);
        assertEquals(EPOCHS, resumed.size());
        assertSameEpochs(expected, resumed, "resumed run vs uninterrupted run");
        assertFalse(log.isEmpty());
        System.out.println("CrashSafetyTest:\n  " + String.join("\n  ", log) + "\n  " + leftovers
                + " temporary files seen after kills; final ELBO " + resumed.get(EPOCHS - 1).elbo()
                + " (uninterrupted " + expected.get(EPOCHS - 1).elbo() + ")");
    }

    /** A run killed after writing config.json but before its first checkpoint leaves nothing to resume. */
    @Test
    void resumingARunKilledBeforeItsFirstCheckpointSaysSo() throws IOException {
        Path run = dir.resolve("early");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), RunConfig.defaults().toJson());
        Cli c = Cli.run("train", "--resume", run.toString());
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.err().contains("no checkpoint to resume from (model.vae is missing)"), c.toString());
    }
}
