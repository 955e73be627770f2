package org.vae4j.core.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The pieces of the objective: closed-form KL, log densities of z, a stable softplus. */
public final class Objectives {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    private Objectives() {
    }

    /** KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ_j² − σ²_j) (AEVB, Appendix B); [M, J] → [M]. */
    static SDVariable klStandardNormal(SameDiff sd, SDVariable mean, SDVariable logVar) {
        SDVariable terms = logVar.add(1.0).sub(mean.mul(mean)).sub(sd.math().exp(logVar));
        return sd.reshape(sd.expandDims(terms, 2).sum(1), -1).mul(-0.5);
    }

    /**
     * Mean over the first dimension of a 2-D [L, M] array, → [M].
     * Reduced as a rank-3 array: ND4J M2.1's legacy reductions crash inside SameDiff when a
     * rank-2 input is a vector (L = 1 here, or J = 1 for the KL) — its "no-op" shortcut reads
     * an input the graph executor never set.
     */
    static SDVariable meanOverSamples(SameDiff sd, String name, SDVariable perSample) {
        return sd.reshape(name, sd.expandDims(perSample, 2).mean(0), -1);
    }

    /** log N(z; 0, I) for z [L, M, J], summed over J: −½ Σ_j (z_j² + log 2π). */
    static SDVariable logStandardNormal(SameDiff sd, SDVariable z) {
        return z.mul(z).add(LOG_2PI).sum(2).mul(-0.5);
    }

    /**
     * log q(z|x) for z = μ + σ ⊙ ε, summed over the last dimension:
     * −½ Σ_j (ε_j² + log 2π + log σ²_j). logVar [M, J] broadcasts over eps [L, M, J].
     */
    static SDVariable logGaussianFromNoise(SameDiff sd, SDVariable eps, SDVariable logVar) {
        return eps.mul(eps).add(logVar).add(LOG_2PI).sum(2).mul(-0.5);
    }

    /** softplus(a) = max(a, 0) + log(1 + exp(−|a|)): never overflows, unlike log(1 + exp(a)). */
    static SDVariable softplus(SameDiff sd, SDVariable a) {
        SDVariable tail = sd.math().log1p(sd.math().exp(sd.math().abs(a).neg()));
        return sd.nn().relu(a, 0.0).add(tail);
    }
}
