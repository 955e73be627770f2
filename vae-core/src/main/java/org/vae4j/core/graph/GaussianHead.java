package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.core.config.VarianceMode;

/**
 * Diagonal Gaussian p(x|z) (AEVB, Appendix C.2): mean and log-variance,
 * log p(x|z) = −½ Σ_d [log 2π + log σ²_d + (x_d − μ_d)² / σ²_d].
 * The log-variance is kept above a floor with a smooth bound, floor + softplus(raw − floor),
 * so the density cannot collapse on constant inputs.
 */
public final class GaussianHead extends DecoderHead {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final VarianceMode mode;
    private final double fixedLogVar;
    private final double minLogVar;
    private SDVariable wMean;
    private SDVariable bMean;
    private SDVariable wLogVar;
    private SDVariable bLogVar;
    private SDVariable logVarParam;

    public GaussianHead(VarianceMode mode, double fixedLogVar, double minLogVar) {
        this.mode = mode;
        this.fixedLogVar = fixedLogVar;
        this.minLogVar = minLogVar;
    }

    @Override
    void create(SameDiff sd, int hiddenSize, int inputDim, Init init) {
        wMean = sd.var("dec_out_W", init.xavier(hiddenSize, inputDim));
        bMean = sd.var("dec_out_b", init.zeros(1, inputDim));
        switch (mode) {
            case PER_EXAMPLE -> {
                wLogVar = sd.var("dec_logvar_W", init.xavier(hiddenSize, inputDim));
                bLogVar = sd.var("dec_logvar_b", init.zeros(1, inputDim));
            }
            case PER_DIMENSION -> logVarParam = sd.var("dec_logvar", init.zeros(1, inputDim));
            case FIXED -> logVarParam = sd.constant("dec_logvar_fixed",
                    init.zeros(1, 1).addi(fixedLogVar));
            default -> throw new IllegalStateException("unhandled variance mode " + mode);
        }
    }

    @Override
    Params apply(SameDiff sd, SDVariable h) {
        SDVariable mean = Mlp.dense(h, wMean, bMean);
        SDVariable logVar = switch (mode) {
            case PER_EXAMPLE -> floor(sd, Mlp.dense(h, wLogVar, bLogVar));
            case PER_DIMENSION -> floor(sd, logVarParam);
            case FIXED -> logVarParam;
        };
        return new Params(mean, logVar);
    }

    private SDVariable floor(SameDiff sd, SDVariable raw) {
        return Objectives.softplus(sd, raw.sub(minLogVar)).add(minLogVar);
    }

    @Override
    SDVariable logLikelihood(SameDiff sd, SDVariable x, Params p) {
        SDVariable diff = x.sub(p.location());
        SDVariable scaled = diff.mul(diff).mul(sd.math().exp(p.logVar().neg()));
        return scaled.add(p.logVar()).add(LOG_2PI).sum(2).mul(-0.5);
    }

    @Override
    SDVariable mean(SameDiff sd, Params p) {
        return sd.identity(p.location());
    }

    @Override
    Params reshape(SameDiff sd, Params p, SDVariable shape) {
        SDVariable logVar = mode == VarianceMode.PER_EXAMPLE ? sd.reshape(p.logVar(), shape) : p.logVar();
        return new Params(sd.reshape(p.location(), shape), logVar);
    }
}
