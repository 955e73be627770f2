package org.vae4j.core.config;

import java.util.List;

/**
 * The architecture of a VAE: immutable, validated on construction, JSON round-trip through
 * {@link org.vae4j.core.io.Json}.
 *
 * @param inputDim         D, the number of input dimensions (784 for MNIST)
 * @param encoderHidden    sizes of the encoder's hidden layers, input side first
 * @param latentDim        J, the dimension of z
 * @param decoderHidden    sizes of the decoder's hidden layers, latent side first
 * @param activation       nonlinearity of every hidden layer
 * @param likelihood       the decoder's distribution p(x|z)
 * @param varianceMode     how a Gaussian decoder gets its log-variance (ignored for Bernoulli)
 * @param fixedLogVariance the log-variance used with {@link VarianceMode#FIXED}
 * @param minLogVariance   a floor on a Gaussian decoder's log-variance
 * @param precision        FLOAT for training, DOUBLE for gradient checks
 */
public record ModelConfig(
        int inputDim,
        List<Integer> encoderHidden,
        int latentDim,
        List<Integer> decoderHidden,
        Activation activation,
        Likelihood likelihood,
        VarianceMode varianceMode,
        double fixedLogVariance,
        double minLogVariance,
        Precision precision) {

    public ModelConfig {
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim must be ≥ 1, got " + inputDim);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be ≥ 1, got " + latentDim);
        }
        encoderHidden = checkLayers("encoderHidden", encoderHidden);
        decoderHidden = checkLayers("decoderHidden", decoderHidden);
        if (activation == null) {
            throw new IllegalArgumentException("activation is missing; expected one of " + Enums.choices(Activation.class));
        }
        if (likelihood == null) {
            throw new IllegalArgumentException("likelihood is missing; expected one of " + Enums.choices(Likelihood.class));
        }
        if (varianceMode == null) {
            varianceMode = VarianceMode.PER_EXAMPLE;
        }
        if (precision == null) {
            precision = Precision.FLOAT;
        }
        if (!Double.isFinite(fixedLogVariance) || !Double.isFinite(minLogVariance)) {
            throw new IllegalArgumentException("fixedLogVariance and minLogVariance must be finite, got "
                    + fixedLogVariance + " and " + minLogVariance);
        }
        if (fixedLogVariance < minLogVariance) {
            throw new IllegalArgumentException("fixedLogVariance (" + fixedLogVariance
                    + ") must not be below minLogVariance (" + minLogVariance + ")");
        }
    }

    private static List<Integer> checkLayers(String what, List<Integer> sizes) {
        if (sizes == null) {
            return List.of();
        }
        for (Integer s : sizes) {
            if (s == null || s < 1) {
                throw new IllegalArgumentException(what + ": every hidden layer needs ≥ 1 unit, got " + sizes);
            }
        }
        return List.copyOf(sizes);
    }

    /** A builder with the canonical defaults: one hidden layer of 400 ReLU units each side, J = 20, Bernoulli. */
    public static Builder builder(int inputDim) {
        return new Builder(inputDim);
    }

    public Builder toBuilder() {
        Builder b = new Builder(inputDim);
        b.encoderHidden = encoderHidden;
        b.latentDim = latentDim;
        b.decoderHidden = decoderHidden;
        b.activation = activation;
        b.likelihood = likelihood;
        b.varianceMode = varianceMode;
        b.fixedLogVariance = fixedLogVariance;
        b.minLogVariance = minLogVariance;
        b.precision = precision;
        return b;
    }

    /** Mutable only until {@link #build()}; the record it builds is immutable. */
    public static final class Builder {
        private int inputDim;
        private List<Integer> encoderHidden = List.of(400);
        private int latentDim = 20;
        private List<Integer> decoderHidden;
        private Activation activation = Activation.RELU;
        private Likelihood likelihood = Likelihood.BERNOULLI;
        private VarianceMode varianceMode = VarianceMode.PER_EXAMPLE;
        private double fixedLogVariance = 0.0;
        private double minLogVariance = -6.0;
        private Precision precision = Precision.FLOAT;

        private Builder(int inputDim) {
            this.inputDim = inputDim;
        }

        public Builder inputDim(int d) {
            this.inputDim = d;
            return this;
        }

        /** Sets the encoder's hidden sizes, and the decoder's to their mirror unless set separately. */
        public Builder hidden(Integer... sizes) {
            return hidden(List.of(sizes));
        }

        public Builder hidden(List<Integer> sizes) {
            this.encoderHidden = sizes;
            return this;
        }

        public Builder decoderHidden(List<Integer> sizes) {
            this.decoderHidden = sizes;
            return this;
        }

        public Builder latentDim(int j) {
            this.latentDim = j;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder likelihood(Likelihood l) {
            this.likelihood = l;
            return this;
        }

        public Builder varianceMode(VarianceMode m) {
            this.varianceMode = m;
            return this;
        }

        public Builder fixedLogVariance(double v) {
            this.fixedLogVariance = v;
            return this;
        }

        public Builder minLogVariance(double v) {
            this.minLogVariance = v;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = p;
            return this;
        }

        public ModelConfig build() {
            List<Integer> dec = decoderHidden;
            if (dec == null && encoderHidden != null) {
                dec = new java.util.ArrayList<>(encoderHidden);
                java.util.Collections.reverse(dec);
            }
            return new ModelConfig(inputDim, encoderHidden, latentDim, dec, activation, likelihood,
                    varianceMode, fixedLogVariance, minLogVariance, precision);
        }
    }
}
