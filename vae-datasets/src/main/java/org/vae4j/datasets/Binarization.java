package org.vae4j.datasets;

import java.util.SplittableRandom;

/**
 * Turning values in [0, 1] into 0/1 for a Bernoulli decoder.
 *
 * <p>On the training split STATIC samples each example once (seeded by the data options' seed) and
 * DYNAMIC samples anew every epoch (seeded by the iterator's seed, the epoch and the example, so the
 * same seed gives the same batches). Validation and test splits are binarized once with a fixed seed
 * for both, so that evaluations stay comparable across runs.
 */
public enum Binarization {
    /** Values kept as they are (continuous Bernoulli targets). */
    NONE {
        @Override
        void apply(float[] row, int offset, int dim, SplittableRandom rng) {
            // nothing to do
        }
    },
    /** 1 where the value is above 0.5, else 0. */
    THRESHOLD {
        @Override
        void apply(float[] row, int offset, int dim, SplittableRandom rng) {
            for (int j = offset; j < offset + dim; j++) {
                row[j] = row[j] > 0.5f ? 1f : 0f;
            }
        }
    },
    /** x ~ Bernoulli(value), sampled once per example. */
    STATIC {
        @Override
        void apply(float[] row, int offset, int dim, SplittableRandom rng) {
            sample(row, offset, dim, rng);
        }
    },
    /** x ~ Bernoulli(value), resampled every epoch on the training split (the likelihood-benchmark standard). */
    DYNAMIC {
        @Override
        void apply(float[] row, int offset, int dim, SplittableRandom rng) {
            sample(row, offset, dim, rng);
        }
    };

    /** Binarizes {@code row[offset .. offset+dim)} in place; {@code rng} is used by the sampling modes. */
    abstract void apply(float[] row, int offset, int dim, SplittableRandom rng);

    /** @return whether this mode draws random numbers */
    public boolean isStochastic() {
        return this == STATIC || this == DYNAMIC;
    }

    private static void sample(float[] row, int offset, int dim, SplittableRandom rng) {
        for (int j = offset; j < offset + dim; j++) {
            row[j] = rng.nextDouble() < row[j] ? 1f : 0f;
        }
    }
}
