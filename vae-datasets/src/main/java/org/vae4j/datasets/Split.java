package org.vae4j.datasets;

import java.util.Locale;

/** The parts of a dataset. */
public enum Split {
    /** What the model is fitted on; the preprocessing is fitted on it too. */
    TRAIN,
    /** A seeded part held out of the training data, for early stopping and model choice. */
    VALIDATION,
    /** The dataset's own test set (MNIST's t10k files), or a part carved out with a fixed seed. */
    TEST;

    /** @return "train", "validation" or "test" */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
