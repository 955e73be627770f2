package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage and bad input: exit code 2, a short message naming the problem, no stack trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private static void assertCleanError(Cli c, String... fragments) {
        assertEquals(2, c.code(), c.toString());
        for (String f : fragments) {
            assertTrue(c.err().contains(f), "stderr should mention '" + f + "':\n" + c.err());
        }
        assertFalse(c.err().contains("\tat "), "no stack trace without --verbose:\n" + c.err());
        assertTrue(c.err().lines().count() <= 25, c.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertCleanError(Cli.run("train", "--no-such-option"), "--no-such-option");
    }

    @Test
    void missingModelFileNamesTheFile() {
        assertCleanError(Cli.run("sample", "--model", dir.resolve("nope.vae").toString()), "nope.vae", "no such model file");
    }

    @Test
    void modelFileThatIsNotAZipIsRejected() throws Exception {
        Path f = dir.resolve("bad.vae");
        Files.writeString(f, "hello");
        assertCleanError(Cli.run("info", "--model", f.toString()), "bad.vae", "not a zip");
        Files.write(f, new byte[0]);
        assertCleanError(Cli.run("info", "--model", f.toString()), "empty");
    }

    @Test
    void nonsenseTrainingOptionsAreRejected() {
        assertCleanError(Cli.run("train", "--epochs", "-1", "--out", dir.toString()), "epochs must be ≥ 0, got -1");
        assertCleanError(Cli.run("train", "--latent", "0", "--out", dir.toString()), "latentDim must be ≥ 1, got 0");
        assertCleanError(Cli.run("train", "--decoder", "poisson", "--out", dir.toString()), "unknown decoder likelihood 'poisson'");
        assertCleanError(Cli.run("train", "--batch-size", "100000", "--epochs", "1", "--out", dir.toString()),
                "larger than the training data");
    }

    @Test
    void badDataSpecAndMissingFilesAreRejected() {
        assertCleanError(Cli.run("train", "--data", "nonsense:thing", "--out", dir.toString()), "nonsense:thing");
        assertCleanError(Cli.run("train", "--data", "csv:" + dir.resolve("missing.csv"), "--out", dir.toString()),
                "missing.csv");
    }

    @Test
    void modelUsedWithDataOfAnotherDimensionIsRejected() throws Exception {
        Path csv = dir.resolve("t.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(i % 7).append(',').append(i % 3).append(',').append(i % 5).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path run = dir.resolve("r");
        Cli t = Cli.run("train", "--data", "csv:" + csv, "--decoder", "gaussian", "--epochs", "1", "--hidden", "4",
                "--latent", "2", "--batch-size", "10", "--out", run.toString());
        assertEquals(0, t.code(), t.toString());
        assertCleanError(Cli.run("evaluate", "--model", run.toString(), "--data", "mnist-10k"),
                "expects 3", "784 values per example");
    }

    @Test
    void versionAndHelpWork() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("vae4j "), v.out());
        Cli h = Cli.run("train", "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--batch-size"), h.out());
        assertEquals(2, Cli.run().code(), "no command is a usage error");
    }

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        for (String command : List.of("train", "evaluate", "sample", "reconstruct", "encode", "interpolate", "score",
                "datasets", "info")) {
            Cli h = Cli.run(command, "--help");
            assertEquals(0, h.code(), h.toString());
            assertFalse((h.out() + h.err()).contains("WARN"), command + " --help: " + h);
            assertFalse(h.out().contains("%n"), command + " --help shows an unformatted string: " + h.out());
        }
    }
}
