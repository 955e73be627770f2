package org.vae4j.core.train;

import org.vae4j.core.VaeModel;

/** Receives progress from the {@link Trainer}; every method has an empty default. */
public interface TrainingListener {
    default void onEpochStart(int epoch, int totalEpochs) {
    }

    default void onBatchEnd(TrainingProgress progress) {
    }

    /** Called after each epoch with the model in its end-of-epoch state (a good time to checkpoint). */
    default void onEpochEnd(VaeModel model, EpochSummary summary) {
    }
}
