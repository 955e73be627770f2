package org.vae4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of a directory in MNIST layout: {@code train-images-idx3-ubyte} (required),
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}
 * (optional), each plain or {@code .gz}, also with the {@code train-images.idx3-ubyte} spelling.
 */
record IdxLayout(Path dir, Path trainImages, Optional<Path> trainLabels, Optional<Path> testImages,
        Optional<Path> testLabels) {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** @return the file for a base name: plain first, then .gz, then the dotted spellings */
    static Optional<Path> find(Path dir, String base) {
        String dotted = base.replaceFirst("-idx", ".idx");
        for (String name : List.of(base, base + ".gz", dotted, dotted + ".gz")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** @return the base names of the four MNIST files that are absent from {@code dir} */
    static List<String> missing(Path dir) {
        List<String> out = new ArrayList<>();
        for (String base : ALL) {
            if (find(dir, base).isEmpty()) {
                out.add(base + "[.gz]");
            }
        }
        return out;
    }

    /**
     * Reads the layout of a directory.
     *
     * @throws DatasetException without training images, or with test images whose labels are
     *     missing while the training labels are there
     */
    static IdxLayout of(Path dir) {
        Path train = find(dir, TRAIN_IMAGES).orElseThrow(() -> new DatasetException(dir + ": no "
                + TRAIN_IMAGES + " or " + TRAIN_IMAGES + ".gz; a directory given as idx:DIR needs the MNIST"
                + " layout (" + String.join(", ", ALL) + ", plain or .gz); for a single file use idx:FILE"));
        IdxLayout layout = new IdxLayout(dir, train, find(dir, TRAIN_LABELS), find(dir, TEST_IMAGES),
                find(dir, TEST_LABELS));
        if (layout.trainLabels.isPresent() && layout.testImages.isPresent() && layout.testLabels.isEmpty()) {
            throw new DatasetException(dir + ": has " + TRAIN_LABELS + " and " + TEST_IMAGES + " but no "
                    + TEST_LABELS + "[.gz]; add the test labels, or remove the training labels to load the set"
                    + " unlabelled");
        }
        if (layout.testLabels.isPresent() && layout.testImages.isEmpty()) {
            throw new DatasetException(dir + ": has " + TEST_LABELS + " but no " + TEST_IMAGES
                    + "[.gz]; add the test images or remove the labels");
        }
        return layout;
    }
}
