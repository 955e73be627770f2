package org.vae4j.cli;

import org.vae4j.core.VaeModel;
import org.vae4j.core.config.Likelihood;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.Normalization;

/**
 * Log-likelihoods in the units of the user's data. A Gaussian decoder is a density, so when the
 * user asked for standardization or min-max scaling, log p(x) = log p(x') + log|∂x'/∂x| (the
 * Jacobian of the scaling). A Bernoulli decoder is a probability of the [0, 1] values, and the
 * ÷255 of images is the conventional scale of image likelihoods: no correction for those.
 */
final class Units {
    private Units() {
    }

    static double logJacobian(VaeModel model, LoadedDataset ds) {
        Normalization n = ds.preprocessing().normalization();
        boolean userScaling = n == Normalization.STANDARD || n == Normalization.MINMAX;
        return model.modelConfig().likelihood() == Likelihood.GAUSSIAN && userScaling
                ? ds.preprocessing().logJacobian() : 0.0;
    }
}
