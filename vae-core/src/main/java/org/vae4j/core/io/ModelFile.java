package org.vae4j.core.io;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.ParameterUpdater;

/**
 * One file per model: a zip holding {@code manifest.json} (format version, toolkit version,
 * SHA-256 of every entry), the two configs, the training history, the data description and the
 * SameDiff graph in FlatBuffers with its weights, and the updater's state arrays and iteration. Written to a temporary file in
 * the same directory, synced, then renamed over the target, so a crash never leaves half a model.
 */
public final class ModelFile {
    public static final String FORMAT = "vae4j-model";
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String MODEL_CONFIG = "model-config.json";
    static final String TRAINING_CONFIG = "training-config.json";
    static final String HISTORY = "history.json";
    static final String DATA = "data.json";
    static final String GRAPH = "graph.fb";
    static final String UPDATER = "updater.json";
    static final String UPDATER_STATE = "updater/";
    private static final List<String> REQUIRED = List.of(MODEL_CONFIG, TRAINING_CONFIG, HISTORY, GRAPH, UPDATER);

    private ModelFile() {
    }

    /** What a model file holds, read and checked. */
    public record Contents(Manifest manifest, ModelConfig modelConfig, TrainingConfig trainingConfig,
                           List<EpochSummary> history, String dataJson, SameDiff graph,
                           UpdaterInfo updater, Map<String, INDArray> updaterState) {
    }

    /** The optimizer's position: iterations done so far. */
    public record UpdaterInfo(int iteration, List<String> variables) {
    }

    /** The toolkit's version, from the build. */
    public static String toolkitVersion() {
        try (InputStream in = ModelFile.class.getResourceAsStream("/org/vae4j/core/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Writes the model atomically. */
    public static void write(Path file, org.vae4j.core.VaeModel model) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MODEL_CONFIG, utf8(Json.write(model.modelConfig())));
        entries.put(TRAINING_CONFIG, utf8(Json.write(model.trainingConfig())));
        entries.put(HISTORY, utf8(Json.write(model.history())));
        if (model.dataJson() != null) {
            entries.put(DATA, utf8(model.dataJson()));
        }
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        model.graph().save(graph, false);
        entries.put(GRAPH, graph.toByteArray());
        ParameterUpdater updater = model.updater();
        entries.put(UPDATER, utf8(Json.write(new UpdaterInfo(updater.iteration(),
                List.copyOf(updater.states().keySet())))));
        for (Map.Entry<String, INDArray> e : updater.states().entrySet()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                Nd4j.write(e.getValue(), out);
            }
            entries.put(UPDATER_STATE + e.getKey(), buf.toByteArray());
        }

        Map<String, String> sums = new LinkedHashMap<>();
        entries.forEach((k, v) -> sums.put(k, sha256(v)));
        Manifest manifest = new Manifest(FORMAT, FORMAT_VERSION, toolkitVersion(), Instant.now().toString(), sums);

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(raw)) {
                put(zip, MANIFEST, utf8(Json.write(manifest)));
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    put(zip, e.getKey(), e.getValue());
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and checks a model file; every failure is a {@link ModelFileException} naming the file. */
    public static Contents read(Path file) {
        Map<String, byte[]> entries = readEntries(file);
        byte[] manifestBytes = entries.get(MANIFEST);
        if (manifestBytes == null) {
            throw bad(file, "it has no " + MANIFEST + " (is it a vae4j model file?)");
        }
        Manifest manifest;
        try {
            manifest = Json.read(new String(manifestBytes, StandardCharsets.UTF_8), Manifest.class, MANIFEST);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
        if (!FORMAT.equals(manifest.format())) {
            throw bad(file, "its format is '" + manifest.format() + "', expected '" + FORMAT + "'");
        }
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw bad(file, "it was written in format version " + manifest.formatVersion() + " by vae4j "
                    + manifest.toolkit() + "; this vae4j (" + toolkitVersion() + ") reads up to version "
                    + FORMAT_VERSION + ". Upgrade vae4j to read it");
        }
        if (manifest.formatVersion() < 1) {
            throw bad(file, "its format version " + manifest.formatVersion() + " is not valid");
        }
        Map<String, String> sums = manifest.sha256() == null ? Map.of() : manifest.sha256();
        for (String name : REQUIRED) {
            if (!entries.containsKey(name)) {
                throw bad(file, "the entry " + name + " is missing");
            }
        }
        for (String name : sums.keySet()) {
            if (!entries.containsKey(name)) {
                throw bad(file, "the entry " + name + " listed in the manifest is missing (the file is damaged or was edited)");
            }
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().equals(MANIFEST)) {
                continue;
            }
            String expected = sums.get(e.getKey());
            if (expected == null) {
                throw bad(file, "the entry " + e.getKey() + " has no checksum in the manifest");
            }
            String actual = sha256(e.getValue());
            if (!expected.equals(actual)) {
                throw bad(file, "the checksum of " + e.getKey() + " does not match (expected " + expected
                        + ", found " + actual + "): the file is corrupted");
            }
        }
        try {
            ModelConfig mc = Json.read(str(entries, MODEL_CONFIG), ModelConfig.class, MODEL_CONFIG);
            TrainingConfig tc = Json.read(str(entries, TRAINING_CONFIG), TrainingConfig.class, TRAINING_CONFIG);
            List<EpochSummary> history = Json.mapper().readValue(str(entries, HISTORY),
                    new TypeReference<List<EpochSummary>>() { });
            String data = entries.containsKey(DATA) ? str(entries, DATA) : null;
            SameDiff sd = SameDiff.load(new ByteArrayInputStream(entries.get(GRAPH)), false);
            UpdaterInfo info = Json.read(str(entries, UPDATER), UpdaterInfo.class, UPDATER);
            Map<String, INDArray> state = new LinkedHashMap<>();
            for (String name : info.variables()) {
                byte[] bytes = entries.get(UPDATER_STATE + name);
                if (bytes == null) {
                    throw bad(file, "the updater state of '" + name + "' is missing");
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    state.put(name, Nd4j.read(in));
                }
            }
            return new Contents(manifest, mc, tc, history, data, sd, info, state);
        } catch (ModelFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file + ": cannot be read as a vae4j model (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    private static Map<String, byte[]> readEntries(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(4);
            if (head.length == 0) {
                throw bad(file, "the file is empty");
            }
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
                throw bad(file, "it is not a zip archive, so not a vae4j model file");
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such model file; check the path (models are written as "
                    + "DIR/model.vae by 'vae train --out DIR')");
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
            // ZipInputStream reports an entry name that is not valid UTF-8 as IllegalArgumentException
            throw bad(file, "the zip archive is damaged or truncated (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw bad(file, "the zip archive is empty or truncated");
        }
        return entries;
    }

    private static ModelFileException bad(Path file, String what) {
        return new ModelFileException(file + ": not a usable vae4j model: " + what + ".");
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(Map<String, byte[]> entries, String name) {
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
