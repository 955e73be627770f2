package org.vae4j.core.graph;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.core.config.Activation;

/** The recognition model q(z|x) = N(μ(x), diag σ²(x)): an MLP with a μ head and a log σ² head. */
final class GaussianEncoder {
    private final Mlp body;
    private final SDVariable wMean;
    private final SDVariable bMean;
    private final SDVariable wLogVar;
    private final SDVariable bLogVar;

    GaussianEncoder(SameDiff sd, int inputDim, List<Integer> hidden, int latentDim, Activation act, Init init) {
        this.body = new Mlp(sd, "enc", inputDim, hidden, act, init);
        int h = body.outSize();
        this.wMean = sd.var("enc_mean_W", init.xavier(h, latentDim));
        this.bMean = sd.var("enc_mean_b", init.zeros(1, latentDim));
        this.wLogVar = sd.var("enc_logvar_W", init.xavier(h, latentDim));
        this.bLogVar = sd.var("enc_logvar_b", init.zeros(1, latentDim));
    }

    /** Returns {μ, log σ²}, each [M, J], named {@link GraphNames#Z_MEAN} and {@link GraphNames#Z_LOGVAR}. */
    SDVariable[] apply(SDVariable x) {
        SDVariable h = body.apply(x);
        SDVariable mean = Mlp.dense(h, wMean, bMean).rename(GraphNames.Z_MEAN);
        SDVariable logVar = Mlp.dense(h, wLogVar, bLogVar).rename(GraphNames.Z_LOGVAR);
        return new SDVariable[] {mean, logVar};
    }
}
