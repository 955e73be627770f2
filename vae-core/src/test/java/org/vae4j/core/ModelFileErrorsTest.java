package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.io.ModelFileException;

/** Bad model files through the Java API: each a {@link ModelFileException} naming the file and the fault. */
class ModelFileErrorsTest {
    private static final INDArray X = ToyData.binaryPrototypes(60, 16, 4, 2);
    private static byte[] valid;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void saveAModel() throws IOException {
        Path f = shared.resolve("model.vae");
        try (VaeModel m = Vae.create(ModelConfig.builder(16).hidden(8).latentDim(2).build(),
                TrainingConfig.builder().epochs(1).batchSize(20).seed(1).build())) {
            Vae.train(m, ToyData.iterator(X, 20), null);
            m.setDataJson("{\"spec\":\"toy\"}");
            m.save(f);
        }
        valid = Files.readAllBytes(f);
    }

    private String failure(Path f, String... fragments) {
        String m = assertThrows(ModelFileException.class, () -> Vae.load(f)).getMessage();
        assertTrue(m.startsWith(f.toString()), m);
        for (String s : fragments) {
            assertTrue(m.contains(s), "message should contain '" + s + "': " + m);
        }
        return m;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
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
    void theValidFileLoads() throws IOException {
        try (VaeModel m = Vae.load(write("ok.vae", valid))) {
            assertEquals(16, m.modelConfig().inputDim());
        }
    }

    @Test
    void rejectsAMissingFile() {
        failure(dir.resolve("nope.vae"), "no such model file", "vae train --out DIR");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        failure(write("empty.vae", new byte[0]), "the file is empty");
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws IOException {
        failure(write("text.vae", "{\"not\": \"a model\"}".getBytes(StandardCharsets.UTF_8)), "not a zip archive");
        failure(write("idx.vae", new byte[] {0, 0, 8, 1, 0, 0, 0, 0}), "not a zip archive");
    }

    @Test
    void rejectsFilesCutInsideTheirEntries() throws IOException {
        int centralDirectory = centralDirectoryOffset(valid);
        for (int keep : new int[] {3, 30, centralDirectory / 4, centralDirectory / 2, centralDirectory - 1}) {
            failure(write("cut-" + keep + ".vae", Arrays.copyOf(valid, keep)), "not a usable vae4j model");
        }
    }

    /**
     * Entries are read in order and each is checked against the manifest's SHA-256, so a file cut
     * inside the zip's central directory (the index at its end) still gives the intact model.
     */
    @Test
    void aFileCutInsideItsCentralDirectoryStillGivesTheIntactModel() throws IOException {
        Path f = write("cut-index.vae", Arrays.copyOf(valid, valid.length - 30));
        try (VaeModel m = Vae.load(f); VaeModel original = Vae.load(write("ok.vae", valid))) {
            assertEquals(Arrays.toString(original.encode(X.getRows(0, 1)).mean().ravel().toFloatVector()),
                    Arrays.toString(m.encode(X.getRows(0, 1)).mean().ravel().toFloatVector()));
        }
    }

    /** The central directory's offset, from the end-of-central-directory record (the last 22 bytes). */
    private static int centralDirectoryOffset(byte[] zip) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x06054b50, b.getInt(zip.length - 22), "the file ends with an end-of-central-directory record");
        return b.getInt(zip.length - 22 + 16);
    }

    @Test
    void rejectsAnEntryWhoseChecksumDoesNotMatch() throws IOException {
        Map<String, byte[]> e = entries(valid);
        String history = new String(e.get("history.json"), StandardCharsets.UTF_8);
        e.put("history.json", history.replaceFirst("\"epoch\" : 1", "\"epoch\" : 7").getBytes(StandardCharsets.UTF_8));
        failure(write("sum.vae", zip(e)), "checksum of history.json does not match", "corrupted");
    }

    @Test
    void rejectsANewerFormatVersionAndSaysToUpgrade() throws IOException {
        Map<String, byte[]> e = entries(valid);
        String manifest = new String(e.get("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"formatVersion\" : 1"), manifest);
        e.put("manifest.json", manifest.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")
                .getBytes(StandardCharsets.UTF_8));
        failure(write("v2.vae", zip(e)), "format version 2", "reads up to version 1", "Upgrade vae4j");
    }

    @Test
    void rejectsAZipThatIsNotAModel() throws IOException {
        failure(write("other.vae", zip(Map.of("readme.txt", "hi".getBytes(StandardCharsets.UTF_8)))),
                "no manifest.json");
    }

    @Test
    void rejectsAFileWithAnEntryOfTheManifestMissing() throws IOException {
        for (String drop : new String[] {"graph.fb", "data.json"}) {
            Map<String, byte[]> e = entries(valid);
            if (e.remove(drop) != null) {
                failure(write("no-" + drop + ".vae", zip(e)), drop, "missing");
            }
        }
    }

    @Test
    void dataOfAnotherDimensionIsRejectedByEveryMethod() throws IOException {
        try (VaeModel m = Vae.load(write("ok.vae", valid))) {
            INDArray wrong = ToyData.binaryPrototypes(4, 10, 2, 1);
            for (Runnable call : new Runnable[] {() -> m.encode(wrong), () -> m.reconstruct(wrong),
                () -> m.sampleLatent(wrong, 1), () -> m.interpolate(wrong.getRow(0), wrong.getRow(1), 3),
                () -> m.evaluate(ToyData.iterator(wrong, 2), EvaluationOptions.importanceWeighted(5)),
                () -> m.decode(ToyData.binaryPrototypes(4, 3, 2, 1))}) {
                String msg = assertThrows(IllegalArgumentException.class, call::run).getMessage();
                assertTrue(msg.contains("expects 16 values per example, but the data has 10")
                        || msg.contains("latent points must be [N, 2]"), msg);
            }
        }
    }
}
