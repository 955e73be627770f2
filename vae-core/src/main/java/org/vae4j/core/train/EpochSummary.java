package org.vae4j.core.train;

/**
 * One epoch of training, as kept in the model's history. Training terms are averages of the
 * per-minibatch estimates over the epoch (as PyTorch's example reports); validation terms are
 * computed after the epoch, or null without a validation set. All in nats per example.
 *
 * @param seconds the epoch's training time (validation excluded)
 */
public record EpochSummary(
        int epoch,
        double seconds,
        long examples,
        double examplesPerSecond,
        double beta,
        double elbo,
        double reconstruction,
        double kl,
        Double validationElbo,
        Double validationReconstruction,
        Double validationKl) {
}
