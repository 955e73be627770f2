package org.vae4j.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.vae4j.datasets.idx.IdxFile;

/**
 * The IDX files of one dataset, read into memory, and how its splits are made by default.
 *
 * @param carvedTestCount test examples to carve out of the training file when there is no test file
 * @param defaultValidationCount validation examples when the options give no fraction; empty: 10%
 */
record IdxSet(IdxFile trainImages, Optional<IdxFile> trainLabels, Optional<IdxFile> testImages,
        Optional<IdxFile> testLabels, long carvedTestCount, OptionalLong defaultValidationCount,
        List<String> labelNames) {

    /** Reads the files of a directory in MNIST layout. */
    static IdxSet read(IdxLayout layout, OptionalLong defaultValidation, List<String> labelNames) {
        return new IdxSet(IdxFile.read(layout.trainImages()), layout.trainLabels().map(IdxFile::read),
                layout.testImages().map(IdxFile::read), layout.testLabels().map(IdxFile::read), 0,
                defaultValidation, labelNames);
    }

    /** Reads one images file and optional labels. */
    static IdxSet read(Path images, Optional<Path> labels) {
        return new IdxSet(IdxFile.read(images), labels.map(IdxFile::read), Optional.empty(), Optional.empty(), 0,
                OptionalLong.empty(), List.of());
    }

    List<String> sources() {
        List<String> out = new ArrayList<>();
        out.add(trainImages.source());
        trainLabels.ifPresent(f -> out.add(f.source()));
        testImages.ifPresent(f -> out.add(f.source()));
        testLabels.ifPresent(f -> out.add(f.source()));
        return out;
    }
}
