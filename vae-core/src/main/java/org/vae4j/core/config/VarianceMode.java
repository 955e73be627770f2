package org.vae4j.core.config;

/** How a Gaussian decoder gets its log-variance. */
public enum VarianceMode {
    /** Output by the decoder for each example and dimension, as in the AEVB paper's Appendix C.2. */
    PER_EXAMPLE,
    /** One learned value per input dimension, shared by all examples. */
    PER_DIMENSION,
    /** A fixed value ({@link ModelConfig#fixedLogVariance()}). */
    FIXED;

    public static VarianceMode parse(String s) {
        return Enums.parse(VarianceMode.class, s, "variance mode");
    }
}
