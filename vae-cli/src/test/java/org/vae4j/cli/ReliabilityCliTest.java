package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line (GitHub issue 7, point 1): missing, empty, damaged and
 * mismatched files and nonsense options. Each gives exit code 2 and one message on stderr that
 * names the thing and says what to do: no stack trace, no library chatter, no output files.
 */
class ReliabilityCliTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path csv;
    @TempDir
    Path dir;

    @BeforeAll
    static void trainATinyModel() throws IOException {
        csv = shared.resolve("t.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(i % 7).append(',').append(i % 3).append(',').append(i % 5).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path run = shared.resolve("run");
        Cli t = Cli.run("train", "--data", "csv:" + csv, "--decoder", "gaussian", "--epochs", "1", "--hidden", "4",
                "--latent", "2", "--batch-size", "10", "--out", run.toString());
        assertEquals(0, t.code(), t.toString());
        model = run.resolve("model.vae");
    }

    /** Exit 2; stderr is one line "vae CMD: ..." holding every fragment; nothing else printed. */
    private static void assertOneCleanError(Cli c, String... fragments) {
        assertEquals(2, c.code(), c.toString());
        List<String> lines = c.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one message on stderr:\n" + c);
        assertTrue(lines.get(0).startsWith("vae "), c.toString());
        for (String f : fragments) {
            assertTrue(c.err().contains(f), "stderr should mention '" + f + "':\n" + c.err());
        }
        assertFalse(c.err().contains("\tat ") || c.err().contains("Exception"), c.toString());
        assertTrue(c.out().isBlank(), "nothing on stdout:\n" + c);
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private Cli train(String spec) {
        return Cli.run("train", "--data", spec, "--epochs", "1", "--hidden", "4", "--latent", "2", "--batch-size", "2",
                "--out", dir.resolve("out").toString());
    }

    private static byte[] idx(int n, int rows, int cols) {
        byte[] b = new byte[16 + n * rows * cols];
        b[2] = 0x08;
        b[3] = 3;
        java.nio.ByteBuffer.wrap(b).putInt(4, n).putInt(8, rows).putInt(12, cols);
        for (int i = 16; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void missingFilesAreNamed() {
        assertOneCleanError(train("csv:" + dir.resolve("nope.csv")), "nope.csv", "no such file");
        assertOneCleanError(train("idx:" + dir.resolve("nope.idx")), "nope.idx", "no such file");
        assertOneCleanError(Cli.run("info", "--model", dir.resolve("nope.vae").toString()), "nope.vae",
                "vae train --out DIR");
        assertOneCleanError(Cli.run("evaluate", "--model", model.toString(), "--data", "csv:" + dir.resolve("gone.csv")),
                "gone.csv");
        assertOneCleanError(Cli.run("train", "--resume", dir.resolve("never").toString()), "never", "nothing to resume");
    }

    @Test
    void emptyFilesAreRejected() throws IOException {
        assertOneCleanError(train("csv:" + write("empty.csv", "")), "empty.csv", "is empty");
        assertOneCleanError(train("idx:" + write("empty.idx", "")), "empty.idx", "is this an IDX file?");
        assertOneCleanError(Cli.run("info", "--model", write("empty.vae", "").toString()), "empty.vae", "the file is empty");
    }

    @Test
    void damagedIdxFilesAreRejected() throws IOException {
        byte[] valid = idx(10, 4, 4);
        assertEquals(0, train("idx:" + write("ok.idx", valid)).code(), "the undamaged file trains");
        assertOneCleanError(train("idx:" + write("cut.idx", Arrays.copyOf(valid, 100))), "cut.idx", "truncated",
                "download it again");
        assertOneCleanError(train("idx:" + write("head.idx", Arrays.copyOf(valid, 9))), "head.idx", "truncated header");
        byte[] magic = valid.clone();
        magic[0] = 0x50;
        assertOneCleanError(train("idx:" + write("magic.idx", magic)), "magic.idx", "is this an IDX file?");
        byte[] longer = Arrays.copyOf(valid, valid.length + 5);
        assertOneCleanError(train("idx:" + write("long.idx", longer)), "long.idx", "5 trailing bytes");
        byte[] gz = gzip(valid);
        assertEquals(0, train("idx:" + write("ok.idx.gz", gz)).code(), "the gzip trains");
        assertOneCleanError(train("idx:" + write("cut.idx.gz", Arrays.copyOf(gz, gz.length / 2))), "cut.idx.gz",
                "not a valid gzip stream", "gzip -t");
        byte[] notGzip = "\u001f\u008b this is not gzip".getBytes(StandardCharsets.ISO_8859_1);
        assertOneCleanError(train("idx:" + write("fake.idx.gz", notGzip)), "fake.idx.gz", "not a valid gzip stream");
    }

    @Test
    void badCsvFilesAreRejectedWithLineAndColumn() throws IOException {
        assertOneCleanError(train("csv:" + write("text.csv", "1,2\n3,x\n")), "text.csv", "line 2", "column index 1",
                "\"x\"");
        assertOneCleanError(train("csv:" + write("nan.csv", "1,2\n3,NaN\n")), "nan.csv", "line 2", "NaN");
        assertOneCleanError(train("csv:" + write("inf.csv", "1,2\n-Infinity,3\n")), "inf.csv", "line 2", "finite");
        assertOneCleanError(train("csv:" + write("ragged.csv", "1,2\n3\n4,5\n")), "ragged.csv", "line 2 has 1 columns",
                "expected 2");
        assertOneCleanError(train("csv:" + write("header.csv", "a,b\n") + "?header=true"), "header.csv");
        assertOneCleanError(train("csv:" + write("header2.csv", "a,b\n1,2\n")), "header2.csv", "line 1", "\"a\"");
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    @Test
    void damagedModelFilesAreRejectedByEveryCommand() throws IOException {
        byte[] valid = Files.readAllBytes(model);
        Map<String, byte[]> e = entries(valid);
        byte[] graph = e.get("graph.fb").clone();
        graph[graph.length / 2] ^= 1;
        e.put("graph.fb", graph);
        Path badSum = write("sum.vae", zip(e));
        e = entries(valid);
        e.put("manifest.json", new String(e.get("manifest.json"), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 9").getBytes(StandardCharsets.UTF_8));
        Path newer = write("newer.vae", zip(e));
        Path cut = write("cut.vae", Arrays.copyOf(valid, valid.length / 2));
        Path text = write("text.vae", "model: yes\n");
        Map<Path, String[]> expected = Map.of(
                badSum, new String[] {"checksum of graph.fb does not match", "corrupted"},
                newer, new String[] {"format version 9", "Upgrade vae4j"},
                cut, new String[] {"damaged or truncated"},
                text, new String[] {"not a zip archive"});
        for (Map.Entry<Path, String[]> x : expected.entrySet()) {
            String m = x.getKey().toString();
            String[] want = new String[x.getValue().length + 1];
            want[0] = m;
            System.arraycopy(x.getValue(), 0, want, 1, x.getValue().length);
            assertOneCleanError(Cli.run("info", "--model", m), want);
            assertOneCleanError(Cli.run("evaluate", "--model", m, "--data", "csv:" + csv), want);
            assertOneCleanError(Cli.run("sample", "--model", m, "--out", dir.resolve("s.png").toString()), want);
            assertOneCleanError(Cli.run("encode", "--model", m, "--data", "csv:" + csv,
                    "--out", dir.resolve("z.csv").toString()), want);
        }
        assertFalse(Files.exists(dir.resolve("s.png")) || Files.exists(dir.resolve("z.csv")), "no output written");
    }

    @Test
    void randomlyDamagedModelFilesGiveExitCode0Or2() throws IOException {
        byte[] valid = Files.readAllBytes(model);
        SplittableRandom r = new SplittableRandom(99);
        int clean = 0;
        for (int i = 0; i < 40; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            Path f = write("fuzz-" + i + ".vae", b);
            Cli c = Cli.run("info", "--model", f.toString());
            if (c.code() == 2) {
                assertOneCleanError(c, f.toString());
                clean++;
            } else {
                assertEquals(0, c.code(), c.toString());
            }
        }
        assertTrue(clean > 20, "most damage is detected: " + clean + " of 40");
    }

    @Test
    void aModelUsedWithDataOfAnotherDimensionIsRejected() {
        String m = model.toString();
        String other = "mnist-10k";
        String[] want = {"expects 3", "784"};
        assertOneCleanError(Cli.run("evaluate", "--model", m, "--data", other), want);
        assertOneCleanError(Cli.run("encode", "--model", m, "--data", other, "--out", dir.resolve("z.csv").toString()), want);
        assertOneCleanError(Cli.run("score", "--model", m, "--data", other, "--out", dir.resolve("s.csv").toString()), want);
        assertOneCleanError(Cli.run("reconstruct", "--model", m, "--data", other, "--out", dir.resolve("r.png").toString()),
                want);
        assertOneCleanError(Cli.run("interpolate", "--model", m, "--data", other, "--from", "0", "--to", "1",
                "--out", dir.resolve("i.png").toString()), want);
        assertOneCleanError(Cli.run("train", "--resume", model.getParent().toString(), "--data", other, "--epochs", "3"),
                "expects 3 values per example but the data has 784", "resume with the data it was trained on");
    }

    @Test
    void nonsenseTrainingOptionsAreRejected() {
        String out = dir.resolve("o").toString();
        Map<String[], String> cases = new LinkedHashMap<>();
        cases.put(new String[] {"--lr", "0"}, "learningRate must be a positive number, got 0.0");
        cases.put(new String[] {"--lr", "-1"}, "learningRate must be a positive number");
        cases.put(new String[] {"--lr", "NaN"}, "learningRate must be a positive number");
        cases.put(new String[] {"--batch-size", "0"}, "batchSize must be ≥ 1, got 0");
        cases.put(new String[] {"--samples", "0"}, "samples (L, per datapoint) must be ≥ 1");
        cases.put(new String[] {"--beta", "-1"}, "beta must be ≥ 0");
        cases.put(new String[] {"--warmup", "-2"}, "warmupEpochs must be ≥ 0");
        cases.put(new String[] {"--weight-decay", "-0.1"}, "weightDecay must be ≥ 0");
        cases.put(new String[] {"--hidden", "0"}, "0");
        cases.put(new String[] {"--hidden", "-5,10"}, "-5");
        cases.put(new String[] {"--updater", "rmsprop"}, "rmsprop");
        cases.put(new String[] {"--activation", "swish"}, "swish");
        cases.put(new String[] {"--estimator", "sgvb-c"}, "sgvb-c");
        cases.put(new String[] {"--variance", "huge"}, "huge");
        cases.put(new String[] {"--binarize", "sometimes"}, "sometimes");
        cases.put(new String[] {"--normalize", "zscore"}, "zscore");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("train", "--data", "csv:" + csv, "--epochs", "1", "--out", out));
            args.addAll(List.of(c.getKey()));
            assertOneCleanError(Cli.run(args.toArray(String[]::new)), c.getValue());
        }
        assertFalse(Files.exists(dir.resolve("o").resolve("model.vae")), "nothing trained");
    }

    @Test
    void nonsenseOptionsOfTheOtherCommandsAreRejected() {
        String m = model.toString();
        assertOneCleanError(Cli.run("evaluate", "--model", m, "--iw-samples", "-1"), "--iw-samples must be ≥ 0, got -1");
        assertOneCleanError(Cli.run("evaluate", "--model", m, "--batch-size", "0"), "--batch-size must be ≥ 1");
        assertOneCleanError(Cli.run("evaluate", "--model", m, "--split", "holdout"), "unknown split 'holdout'");
        assertOneCleanError(Cli.run("evaluate", "--model", m, "--split", "test"), "has no test split");
        assertOneCleanError(Cli.run("sample", "--model", m, "--count", "0", "--out", dir.resolve("s.png").toString()),
                "0");
        assertOneCleanError(Cli.run("interpolate", "--model", m, "--data", "csv:" + csv, "--from", "0", "--to", "1",
                "--steps", "1", "--out", dir.resolve("i.png").toString()), "steps");
        assertOneCleanError(Cli.run("interpolate", "--model", m, "--data", "csv:" + csv, "--from", "0", "--to", "100000",
                "--out", dir.resolve("i.png").toString()), "100000");
    }

    /** Through the real main() in a child JVM: exit status 2 and one line on the real stderr (logging included). */
    @Test
    void theRealProcessPrintsOneLineAndExitsWith2() throws Exception {
        Path bad = write("nan.csv", "1,2\n3,NaN\n");
        ChildJvm.Result r = ChildJvm.run(List.of("train", "--data", "csv:" + bad, "--out", dir.resolve("o").toString()),
                120);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(List.of("vae train: " + bad + ": line 2, column index 1: expected a finite number, found NaN;"
                + " remove or impute missing and infinite values first"), r.stderr().lines().toList(), r.toString());
        assertEquals("", r.stdout(), r.toString());
    }
}
