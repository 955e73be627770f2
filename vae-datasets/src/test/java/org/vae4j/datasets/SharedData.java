package org.vae4j.datasets;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real datasets (MNIST, Fashion-MNIST) that some tests use when present. */
public final class SharedData {
    private SharedData() {
    }

    /** @return {@code <shared>/datasets/<name>}, or skips the calling test if it is absent */
    public static Path datasetDir(String name) {
        String property = System.getProperty("vae4j.shared");
        Path shared = property != null && !property.isBlank() ? Path.of(property) : Path.of("../../shared");
        Path dir = shared.resolve("datasets").resolve(name).normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")),
                () -> "shared dataset folder absent: " + dir.toAbsolutePath());
        return dir;
    }
}
