package org.vae4j.core.train;

/**
 * One training step's report. Loss is −ELBO per example (nats); reconstruction is the mean of
 * log p(x|z) and kl the mean KL term over the minibatch.
 *
 * @param batchesPerEpoch −1 when the iterator cannot tell
 */
public record TrainingProgress(
        int epoch,
        int totalEpochs,
        int batch,
        int batchesPerEpoch,
        long examplesSeen,
        double loss,
        double reconstruction,
        double kl,
        double examplesPerSecond) {
}
