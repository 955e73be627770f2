package org.vae4j.datasets;

import java.util.Arrays;

/** Per-column count, mean, variance (Welford), minimum and maximum, accumulated row by row. */
final class ColumnStats {
    private final int dim;
    private long count;
    private final double[] mean;
    private final double[] m2;
    private final double[] min;
    private final double[] max;

    ColumnStats(int dim) {
        this.dim = dim;
        this.mean = new double[dim];
        this.m2 = new double[dim];
        this.min = new double[dim];
        this.max = new double[dim];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(float[] row, int offset) {
        count++;
        for (int j = 0; j < dim; j++) {
            double x = row[offset + j];
            double delta = x - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (x - mean[j]);
            if (x < min[j]) {
                min[j] = x;
            }
            if (x > max[j]) {
                max[j] = x;
            }
        }
    }

    long count() {
        return count;
    }

    double[] mean() {
        return mean.clone();
    }

    /** @return the population standard deviation per column */
    double[] std() {
        double[] s = new double[dim];
        for (int j = 0; j < dim; j++) {
            s[j] = count > 0 ? Math.sqrt(m2[j] / count) : 0;
        }
        return s;
    }

    double[] min() {
        return min.clone();
    }

    double[] max() {
        return max.clone();
    }

    double overallMin() {
        return Arrays.stream(min).min().orElse(0);
    }

    double overallMax() {
        return Arrays.stream(max).max().orElse(0);
    }
}
