package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;

/**
 * The decoder's output layer and log p(x|z) in the fused step, the counterpart of
 * {@code graph.DecoderHead}: forward from the last hidden output g to the log-likelihood, and
 * backward from it to ∂loss/∂g and the head's own parameter gradients.
 */
abstract class FusedHead {

    /** The fused head for a configuration, or null when there is none. */
    static FusedHead of(ModelConfig mc) {
        if (mc.likelihood() == Likelihood.BERNOULLI) {
            return new FusedBernoulliHead();
        }
        if (mc.likelihood() == Likelihood.GAUSSIAN) {
            return new FusedGaussianHead(mc.varianceMode(), mc.fixedLogVariance(), mc.minLogVariance());
        }
        return null;
    }

    /** The head's trainable variables, named as in the graph. */
    abstract List<String> variables();

    /** How many [N, D] buffers {@link #logLikelihoodAndBackward} needs in the workspace. */
    abstract int buffers();

    /** The mean of p(x|z) for the decoder's last hidden output g [N, H]: a new [N, D] array. */
    abstract INDArray mean(SameDiff sd, INDArray g);

    /** Whether {@link #logLikelihoodRows} is implemented. */
    boolean hasLogLikelihoodRows() {
        return false;
    }

    /**
     * log p(x_m | z_n) for every row n of g [N, H] (N = K·M, sample-major, so row n goes with
     * x's row n mod M): a new [N, 1] array.
     */
    INDArray logLikelihoodRows(SameDiff sd, INDArray x, INDArray g) {
        throw new UnsupportedOperationException("no per-row log-likelihood in " + getClass().getSimpleName());
    }

    /**
     * For the decoder's last hidden output g [N, H] (N = L·M, sample-major) and data x [M, D]:
     * returns Σ_{l,m} log p(x_m | z_{l,m}); writes ∂loss/∂g into dg and the head's parameter
     * gradients into {@code grads}, for the loss's reconstruction part −(1/N)·Σ_{l,m} log p(x_m | z_{l,m}).
     *
     * @param sd the graph, whose arrays are the current weights
     */
    abstract double logLikelihoodAndBackward(SameDiff sd, INDArray x, INDArray g, INDArray dg,
                                             FusedWorkspace ws, Map<String, INDArray> grads);
}
