package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.Estimator;
import org.vae4j.core.config.ModelConfig;

/**
 * Assembles the VAE as one SameDiff graph. Inputs: x [M, D], ε [L, M, J], β (scalar), and
 * z_in [N, J] for decoding given latent points. The encoder runs once per example and the
 * decoder on all L·M samples. Outputs are named in {@link GraphNames}.
 */
public final class VaeGraph {
    private VaeGraph() {
    }

    /** Builds a freshly initialized graph; the same seed gives the same weights. */
    public static SameDiff build(ModelConfig config, Estimator estimator, long seed) {
        DataType dt = config.precision().dataType();
        Init init = new Init(seed, dt);
        SameDiff sd = SameDiff.create();
        int d = config.inputDim();
        int j = config.latentDim();

        SDVariable x = sd.placeHolder(GraphNames.X, dt, -1, d);
        SDVariable eps = sd.placeHolder(GraphNames.EPS, dt, -1, -1, j);
        SDVariable beta = sd.placeHolder(GraphNames.BETA, dt);
        SDVariable zIn = sd.placeHolder(GraphNames.Z_IN, dt, -1, j);

        GaussianEncoder encoder = new GaussianEncoder(sd, d, config.encoderHidden(), j,
                config.activation(), init);
        Mlp decoderBody = new Mlp(sd, "dec", j, config.decoderHidden(), config.activation(), init);
        DecoderHead head = config.likelihood().head(config);
        head.create(sd, decoderBody.outSize(), d, init);

        SDVariable[] q = encoder.apply(x);
        SDVariable mean = q[0];
        SDVariable logVar = q[1];

        SDVariable z3 = Reparameterization.apply(sd, mean, logVar, eps);
        SDVariable z = sd.reshape(z3, -1, j).rename(GraphNames.Z);
        DecoderHead.Params flat = head.apply(sd, decoderBody.apply(z));
        head.mean(sd, flat).rename(GraphNames.X_MEAN);

        // [L, M, D]: per-example parameters shaped like ε's leading dims, so x broadcasts over L.
        SDVariable shape3 = sd.concat(0, eps.shape().get(SDIndex.interval(0, 2)),
                sd.constant(Nd4j.createFromArray((long) d)));
        SDVariable reconSamples = head.logLikelihood(sd, x, head.reshape(sd, flat, shape3))
                .rename(GraphNames.RECON_PER_SAMPLE);
        SDVariable recon = Objectives.meanOverSamples(sd, GraphNames.RECON, reconSamples);
        SDVariable kl = Objectives.klStandardNormal(sd, mean, logVar).rename(GraphNames.KL);

        SDVariable logPz = Objectives.logStandardNormal(sd, z3);
        SDVariable logQz = Objectives.logGaussianFromNoise(sd, eps, logVar);
        SDVariable latentTerm = logPz.sub(logQz);
        reconSamples.add(GraphNames.LOG_WEIGHTS, latentTerm);

        SDVariable reconMean = recon.mean().rename(GraphNames.RECON_MEAN);
        SDVariable klMean = kl.mean().rename(GraphNames.KL_MEAN);
        SDVariable elboMean;
        if (estimator == Estimator.SGVB_B) {
            recon.sub(GraphNames.ELBO, kl.mul(beta));
            elboMean = reconMean.sub(GraphNames.ELBO_MEAN, klMean.mul(beta));
        } else {
            SDVariable elbo = Objectives.meanOverSamples(sd, GraphNames.ELBO, reconSamples.add(latentTerm.mul(beta)));
            // SGVB-A's value does not need the two terms; a zero-weighted link makes SameDiff
            // compute them in the same pass so training can still report them.
            elboMean = elbo.mean().add(GraphNames.ELBO_MEAN, reconMean.add(klMean).mul(0.0));
        }
        elboMean.neg().rename(GraphNames.LOSS);

        DecoderHead.Params fromZ = head.apply(sd, decoderBody.apply(zIn));
        head.mean(sd, fromZ).rename(GraphNames.X_MEAN_FROM_Z);
        if (fromZ.logVar() != null) {
            sd.identity(GraphNames.X_LOGVAR_FROM_Z, fromZ.logVar());
        }
        sd.setLossVariables(GraphNames.LOSS);
        return sd;
    }
}
