package org.vae4j.core.config;

/** The SGVB estimators of the ELBO (AEVB paper, section 2.3). */
public enum Estimator {
    /** Generic: (1/L) Σ_l [log p(x, z_l) − log q(z_l|x)]. */
    SGVB_A,
    /** Lower variance, the default: −KL (closed form) + (1/L) Σ_l log p(x|z_l). */
    SGVB_B;

    public static Estimator parse(String s) {
        return Enums.parse(Estimator.class, s, "estimator");
    }
}
