package org.vae4j.core;

/**
 * Averages over a dataset, in nats per example: the ELBO and its two terms and, when K &gt; 0,
 * the importance-weighted estimate of log p(x). Per-example arrays are null unless asked for.
 *
 * @param logLikelihood  the IW(K) estimate of log p(x), or null when K = 0
 * @param bitsPerDim     −(log p(x) estimate, or the ELBO when K = 0) / (D · ln 2)
 * @param reconstructionProbability per example, the mean over L samples of log p(x|z_l)
 */
public record EvaluationResult(
        long examples,
        double elbo,
        double reconstruction,
        double kl,
        Double logLikelihood,
        int iwSamples,
        double bitsPerDim,
        double[] perExampleElbo,
        double[] perExampleLogLikelihood,
        double[] reconstructionProbability) {
}
