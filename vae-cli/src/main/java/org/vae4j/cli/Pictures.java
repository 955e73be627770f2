package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.VaeModel;

/** Writes examples as a PNG grid for image data, or as CSV for anything else. */
final class Pictures {
    private Pictures() {
    }

    /** The image shape the model was trained with, or null. */
    static int[] imageShape(VaeModel model) {
        TrainedOn t = TrainedOn.fromJson(model.dataJson());
        return t == null ? null : t.imageShape();
    }

    /** Writes rows as a grid of {@code cols} columns; returns the file written (".csv" for non-images). */
    static Path write(Path out, INDArray rows, int[] shape, int cols) throws IOException {
        if (shape != null) {
            Outputs.png(out, Images.grid(rows, shape[0], shape[1], cols, 2));
            return out;
        }
        Path csv = csvSibling(out);
        Outputs.text(csv, Tables.rows(rows, null));
        return csv;
    }

    static Path csvSibling(Path out) {
        String name = out.getFileName().toString();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return out;
        }
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".csv");
    }
}
