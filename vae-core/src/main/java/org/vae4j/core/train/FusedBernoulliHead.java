package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bernoulli p(x|z) from logits ℓ = g·W + b (the graph's {@code BernoulliHead}):
 * log p(x|z) = Σ_d [x_d·ℓ_d − softplus(ℓ_d)] and ∂(−log p)/∂ℓ = sigmoid(ℓ) − x.
 */
final class FusedBernoulliHead extends FusedHead {
    private static final String W = "dec_out_W";
    private static final String B = "dec_out_b";

    @Override
    List<String> variables() {
        return List.of(W, B);
    }

    @Override
    int buffers() {
        return 2;
    }

    @Override
    double logLikelihoodAndBackward(SameDiff sd, INDArray x, INDArray g, INDArray dg, FusedWorkspace ws,
                                    Map<String, INDArray> grads) {
        INDArray w = sd.getArrForVarName(W);
        INDArray logits = ws.out[0];
        FusedOps.dense(g, w, sd.getArrForVarName(B), logits);

        // Σ_{l,m,d} x·ℓ − softplus(ℓ): x broadcasts over the L sample blocks
        double xDotLogits = 0;
        for (INDArray sample : ws.outBySample[0]) {
            xDotLogits += FusedOps.dot(x, sample);
        }
        double logLik = xDotLogits - FusedOps.sumSoftplus(logits, ws.out[1]);

        // δ = ∂(−Σ log p)/∂ℓ = sigmoid(ℓ) − x, in place of ℓ; the loss's 1/N goes into the gemms' α
        Nd4j.getExecutioner().exec(new Sigmoid(logits, logits));
        for (INDArray sample : ws.outBySample[0]) {
            sample.subi(x);
        }
        double scale = 1.0 / ws.n;
        FusedOps.denseGradients(g, logits, ws.onesN, scale, grads.get(W), grads.get(B));
        FusedOps.gemmTransB(logits, w, dg, scale, 0.0);
        return logLik;
    }
}
