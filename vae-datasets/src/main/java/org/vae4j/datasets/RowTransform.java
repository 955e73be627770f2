package org.vae4j.datasets;

import java.util.SplittableRandom;

/**
 * What a split does to a raw row before it reaches the model: the fitted scaling, then the
 * binarization with the seed rule of that split.
 *
 * @param preprocessing the fitted scaling and binarization mode
 * @param perEpoch whether stochastic binarization is redrawn every epoch from the iterator's seed
 *     (dynamic binarization of the training split), rather than once from {@code fixedSeed}
 * @param fixedSeed the seed of once-only binarization
 */
record RowTransform(Preprocessing preprocessing, boolean perEpoch, long fixedSeed) {

    /** The transform of a split for a preprocessing: see {@link Binarization} for the seed rules. */
    static RowTransform of(Preprocessing p, Split split, long optionsSeed) {
        return switch (split) {
            case TRAIN -> new RowTransform(p, p.binarization() == Binarization.DYNAMIC, optionsSeed);
            case VALIDATION -> new RowTransform(p, false, Seeds.VALIDATION_BINARIZATION);
            case TEST -> new RowTransform(p, false, Seeds.TEST_BINARIZATION);
        };
    }

    void apply(float[] row, int offset, long rowId, long iteratorSeed, int epoch) {
        preprocessing.scaleRow(row, offset);
        Binarization b = preprocessing.binarization();
        SplittableRandom rng = null;
        if (b.isStochastic()) {
            rng = new SplittableRandom(perEpoch ? Seeds.mix(iteratorSeed, epoch, rowId) : Seeds.mix(fixedSeed, rowId));
        }
        b.apply(row, offset, preprocessing.inputDim(), rng);
    }
}
