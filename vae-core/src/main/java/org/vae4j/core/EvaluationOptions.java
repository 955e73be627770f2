package org.vae4j.core;

/**
 * How to evaluate a model.
 *
 * @param iwSamples        K for the importance-weighted estimate of log p(x); 0 = ELBO only
 * @param elboSamples      L for the ELBO estimate (1 is the usual choice)
 * @param seed             seed for ε
 * @param perExample       keep per-example values (for anomaly scores)
 * @param maxChunkElements bound on K-chunk × M × D, keeping memory flat for large K
 */
public record EvaluationOptions(int iwSamples, int elboSamples, long seed, boolean perExample, long maxChunkElements) {
    public EvaluationOptions {
        if (iwSamples < 0) {
            throw new IllegalArgumentException("iwSamples (K) must be ≥ 0, got " + iwSamples);
        }
        if (elboSamples < 1) {
            throw new IllegalArgumentException("elboSamples must be ≥ 1, got " + elboSamples);
        }
        if (maxChunkElements < 1) {
            throw new IllegalArgumentException("maxChunkElements must be ≥ 1, got " + maxChunkElements);
        }
    }

    /** ELBO only, one sample, seed 1234. */
    public static EvaluationOptions elboOnly() {
        return new EvaluationOptions(0, 1, 1234, false, 4_000_000);
    }

    /** ELBO and the importance-weighted estimate with K samples. */
    public static EvaluationOptions importanceWeighted(int k) {
        return new EvaluationOptions(k, 1, 1234, false, 4_000_000);
    }

    public EvaluationOptions withSeed(long s) {
        return new EvaluationOptions(iwSamples, elboSamples, s, perExample, maxChunkElements);
    }

    public EvaluationOptions withPerExample(boolean keep) {
        return new EvaluationOptions(iwSamples, elboSamples, seed, keep, maxChunkElements);
    }

    public EvaluationOptions withMaxChunkElements(long n) {
        return new EvaluationOptions(iwSamples, elboSamples, seed, perExample, n);
    }
}
