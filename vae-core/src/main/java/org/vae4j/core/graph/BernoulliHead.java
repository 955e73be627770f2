package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Bernoulli p(x|z) from logits ℓ: log p(x|z) = Σ_d [x_d·ℓ_d − softplus(ℓ_d)], never log(sigmoid). */
public final class BernoulliHead extends DecoderHead {
    private SDVariable w;
    private SDVariable b;

    @Override
    void create(SameDiff sd, int hiddenSize, int inputDim, Init init) {
        w = sd.var("dec_out_W", init.xavier(hiddenSize, inputDim));
        b = sd.var("dec_out_b", init.zeros(1, inputDim));
    }

    @Override
    Params apply(SameDiff sd, SDVariable h) {
        return new Params(Mlp.dense(h, w, b), null);
    }

    @Override
    SDVariable logLikelihood(SameDiff sd, SDVariable x, Params p) {
        SDVariable logits = p.location();
        return x.mul(logits).sub(Objectives.softplus(sd, logits)).sum(2);
    }

    @Override
    SDVariable mean(SameDiff sd, Params p) {
        return sd.nn().sigmoid(p.location());
    }

    @Override
    Params reshape(SameDiff sd, Params p, SDVariable shape) {
        return new Params(sd.reshape(p.location(), shape), null);
    }
}
