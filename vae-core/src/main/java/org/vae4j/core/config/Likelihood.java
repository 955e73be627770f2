package org.vae4j.core.config;

import org.vae4j.core.graph.BernoulliHead;
import org.vae4j.core.graph.DecoderHead;
import org.vae4j.core.graph.GaussianHead;

/** The decoder's distribution p(x|z); each constant knows its head. */
public enum Likelihood {
    /** Bernoulli from logits: log p(x|z) = Σ x·ℓ − softplus(ℓ). Targets in [0,1]. */
    BERNOULLI {
        @Override
        public DecoderHead head(ModelConfig config) {
            return new BernoulliHead();
        }
    },
    /** Diagonal Gaussian with mean and log-variance (AEVB paper, Appendix C.2). */
    GAUSSIAN {
        @Override
        public DecoderHead head(ModelConfig config) {
            return new GaussianHead(config.varianceMode(), config.fixedLogVariance(), config.minLogVariance());
        }
    };

    public abstract DecoderHead head(ModelConfig config);

    public static Likelihood parse(String s) {
        return Enums.parse(Likelihood.class, s, "decoder likelihood");
    }
}
