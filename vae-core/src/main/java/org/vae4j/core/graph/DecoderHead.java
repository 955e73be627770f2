package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The output layer of the decoder and its log-likelihood log p(x|z). Subclasses are created
 * through {@link org.vae4j.core.config.Likelihood#head}.
 */
public abstract class DecoderHead {

    /** The distribution's parameters: a location (logits or mean) and, for Gaussians, a log-variance. */
    record Params(SDVariable location, SDVariable logVar) {
    }

    /** Creates the head's variables on top of a decoder body of {@code hiddenSize} units. */
    abstract void create(SameDiff sd, int hiddenSize, int inputDim, Init init);

    /** Parameters for hidden activations h [N, H]; each per-example parameter is [N, D]. */
    abstract Params apply(SameDiff sd, SDVariable h);

    /**
     * Σ_d log p(x_d | params) for data x [M, D] and parameters reshaped to [L, M, D]
     * (broadcasting x over the L samples); returns [L, M].
     */
    abstract SDVariable logLikelihood(SameDiff sd, SDVariable x, Params params);

    /** The mean of p(x|z), [N, D]. */
    abstract SDVariable mean(SameDiff sd, Params params);

    /** Reshapes every per-example parameter from [L·M, D] to the given [L, M, D] shape. */
    abstract Params reshape(SameDiff sd, Params params, SDVariable shape);
}
