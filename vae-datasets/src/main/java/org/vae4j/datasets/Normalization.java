package org.vae4j.datasets;

/**
 * How raw values are scaled before training: {@code x' = (x - offset) / scale}, per column. The
 * fitted offsets and scales live in {@link Preprocessing}; STANDARD and MINMAX are fitted on the
 * training split only.
 */
public enum Normalization {
    /** Data used as given (offset 0, scale 1). The default for CSV and non-uint8 IDX data. */
    NONE {
        @Override
        double[][] fit(ColumnStats stats, int dim) {
            return new double[][] {{0}, {1}};
        }
    },
    /** Divide by 255: uint8 pixels to [0, 1]. The default for uint8 IDX images. */
    PIXELS {
        @Override
        double[][] fit(ColumnStats stats, int dim) {
            return new double[][] {{0}, {255}};
        }
    },
    /** Per column: subtract the training mean, divide by the training standard deviation (1 if 0). */
    STANDARD {
        @Override
        double[][] fit(ColumnStats stats, int dim) {
            double[] std = stats.std();
            for (int j = 0; j < dim; j++) {
                if (!(std[j] > 0)) {
                    std[j] = 1;
                }
            }
            return new double[][] {stats.mean(), std};
        }
    },
    /** Per column: map the training minimum to 0 and maximum to 1 (scale 1 for a constant column). */
    MINMAX {
        @Override
        double[][] fit(ColumnStats stats, int dim) {
            double[] min = stats.min();
            double[] max = stats.max();
            double[] range = new double[dim];
            for (int j = 0; j < dim; j++) {
                range[j] = max[j] > min[j] ? max[j] - min[j] : 1;
            }
            return new double[][] {min, range};
        }
    };

    /** @return {offset, scale}, each of length 1 (all columns alike) or {@code dim} */
    abstract double[][] fit(ColumnStats stats, int dim);

    /** @return whether fitting needs statistics of the training data */
    boolean needsStatistics() {
        return this == STANDARD || this == MINMAX;
    }
}
