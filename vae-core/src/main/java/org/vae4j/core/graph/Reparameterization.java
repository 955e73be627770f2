package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The reparameterization trick (AEVB, section 2.4): z = μ + σ ⊙ ε with σ = exp(½ log σ²) and
 * ε ~ N(0, I) fed in from a seeded generator. ∂z/∂μ = 1 and ∂z/∂σ = ε, so gradients reach the
 * encoder; sampling z directly would cut that path.
 */
public final class Reparameterization {
    private Reparameterization() {
    }

    /**
     * @param mean   [M, J]
     * @param logVar [M, J]
     * @param eps    [L, M, J] standard normal noise
     * @return z as [L, M, J] (μ and σ broadcast over the L samples)
     */
    public static SDVariable apply(SameDiff sd, SDVariable mean, SDVariable logVar, SDVariable eps) {
        SDVariable sigma = sd.math().exp(logVar.mul(0.5));
        return mean.add(sigma.mul(eps));
    }
}
