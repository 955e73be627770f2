package org.vae4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Files the commands write: always through a temporary file and a rename, so none is ever half-written. */
final class Outputs {
    private Outputs() {
    }

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    static void atomically(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** ".NAME.UUID.tmp": the temporaries of {@link #atomically} and of model files (ModelFile.write). */
    private static final java.util.regex.Pattern TEMPORARY =
            java.util.regex.Pattern.compile("\\..+\\.\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}\\.tmp");

    /**
     * Deletes the temporaries a killed run left in {@code dir} (a SIGKILL between creating one and
     * renaming it leaves it behind); returns how many there were.
     */
    static int removeStaleTemporaries(Path dir) throws IOException {
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    static void text(Path target, String content) throws IOException {
        atomically(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    static void png(Path target, BufferedImage image) throws IOException {
        atomically(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** A CSV number: plain, enough digits to round-trip a float. */
    static String num(double v) {
        return Double.isFinite(v) ? Float.toString((float) v) : (Double.isNaN(v) ? "NaN" : (v > 0 ? "Inf" : "-Inf"));
    }
}
