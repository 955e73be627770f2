package org.vae4j.core.graph;

/** Every graph variable name that code outside the graph uses. */
public final class GraphNames {
    private GraphNames() {
    }

    /** Placeholder [M, D]: the data. */
    public static final String X = "x";
    /** Placeholder [L, M, J]: standard normal noise for the reparameterization. */
    public static final String EPS = "eps";
    /** Placeholder scalar: the weight of the KL term. */
    public static final String BETA = "beta";
    /** Placeholder [N, J]: latent points to decode directly. */
    public static final String Z_IN = "z_in";

    /** [M, J] encoder mean μ. */
    public static final String Z_MEAN = "z_mean";
    /** [M, J] encoder log-variance log σ². */
    public static final String Z_LOGVAR = "z_logvar";
    /** [L·M, J] reparameterized samples, sample-major (row l·M + m). */
    public static final String Z = "z";
    /** [L·M, D] mean of p(x|z) for the sampled z. */
    public static final String X_MEAN = "x_mean";
    /** [N, D] mean of p(x|z) for {@link #Z_IN}. */
    public static final String X_MEAN_FROM_Z = "x_mean_from_z";
    /** [N, D] (or broadcastable) log-variance of a Gaussian p(x|z) for {@link #Z_IN}. */
    public static final String X_LOGVAR_FROM_Z = "x_logvar_from_z";

    /** [L, M] log p(x|z_l) per sample. */
    public static final String RECON_PER_SAMPLE = "recon_ll_samples";
    /** [M] (1/L) Σ_l log p(x|z_l): the reconstruction term, and the "reconstruction probability". */
    public static final String RECON = "recon_ll";
    /** [M] KL(q(z|x) ‖ p(z)) in closed form. */
    public static final String KL = "kl";
    /** [L, M] log w = log p(x|z) + log p(z) − log q(z|x), the importance weights. */
    public static final String LOG_WEIGHTS = "log_w";
    /** [M] the ELBO estimate per example (SGVB A or B, with β). */
    public static final String ELBO = "elbo";
    /** Scalar: minibatch mean of the reconstruction term. */
    public static final String RECON_MEAN = "recon_mean";
    /** Scalar: minibatch mean of the KL term. */
    public static final String KL_MEAN = "kl_mean";
    /** Scalar: minibatch mean of the ELBO. */
    public static final String ELBO_MEAN = "elbo_mean";
    /** Scalar: −mean ELBO, the loss that training minimizes. */
    public static final String LOSS = "loss";
}
