package org.vae4j.core.config;

/**
 * How a VAE is trained (AEVB, Algorithm 1): immutable, validated, JSON round-trip.
 *
 * @param epochs        passes over the training data
 * @param batchSize     M, examples per minibatch
 * @param learningRate  the updater's step size
 * @param updater       Adam (default), Adagrad (the paper's) or SGD
 * @param samples       L, samples of z per datapoint
 * @param estimator     SGVB-B (analytic KL, default) or SGVB-A
 * @param beta          weight of the KL term (β-VAE; 1 is the ELBO)
 * @param warmupEpochs  KL warm-up: β rises linearly from 0 to {@code beta} over this many epochs (0 = off)
 * @param weightDecay   L2 weight decay coefficient (0 = off)
 * @param seed          the one seed that drives initialization, ε, shuffling and binarization
 * @param learningRateSchedule optional steps: from epoch e (1-based) on, the learning rate is the
 *                      value at the largest key ≤ e; empty means {@code learningRate} throughout
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        double learningRate,
        UpdaterType updater,
        int samples,
        Estimator estimator,
        double beta,
        int warmupEpochs,
        double weightDecay,
        long seed,
        java.util.SortedMap<Integer, Double> learningRateSchedule) {

    public TrainingConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples (L, per datapoint) must be ≥ 1, got " + samples);
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be ≥ 0, got " + beta);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be ≥ 0, got " + warmupEpochs);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be ≥ 0, got " + weightDecay);
        }
        if (updater == null) {
            updater = UpdaterType.ADAM;
        }
        if (estimator == null) {
            estimator = Estimator.SGVB_B;
        }
        learningRateSchedule = learningRateSchedule == null ? new java.util.TreeMap<>()
                : new java.util.TreeMap<>(learningRateSchedule);
        for (var e : learningRateSchedule.entrySet()) {
            if (e.getKey() == null || e.getKey() < 1 || e.getValue() == null || !(e.getValue() > 0)
                    || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("learningRateSchedule needs epochs ≥ 1 and positive rates, got "
                        + e.getKey() + " → " + e.getValue());
            }
        }
        learningRateSchedule = java.util.Collections.unmodifiableSortedMap(learningRateSchedule);
    }

    /** The learning rate in a (1-based) epoch. */
    public double learningRateAt(int epoch) {
        var head = learningRateSchedule.headMap(epoch + 1);
        return head.isEmpty() ? learningRate : head.get(head.lastKey());
    }

    /**
     * The schedule of Burda et al. (2016): stage i = 0…stages−1 lasts 3^i epochs at
     * lr = base · 10^(−i/7).
     */
    public static java.util.SortedMap<Integer, Double> iwaeSchedule(double base, int stages) {
        java.util.SortedMap<Integer, Double> m = new java.util.TreeMap<>();
        int epoch = 1;
        for (int i = 0; i < stages; i++) {
            m.put(epoch, base * Math.pow(10, -i / 7.0));
            epoch += (int) Math.pow(3, i);
        }
        return m;
    }

    /** Defaults: 10 epochs, M = 128, Adam 1e-3, L = 1, SGVB-B, β = 1, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).updater(updater)
                .samples(samples).estimator(estimator).beta(beta).warmupEpochs(warmupEpochs)
                .weightDecay(weightDecay).seed(seed).learningRateSchedule(learningRateSchedule);
    }

    /** β for a (1-based) epoch, following the warm-up schedule. */
    public double betaAt(int epoch) {
        if (warmupEpochs <= 0) {
            return beta;
        }
        return beta * Math.min(1.0, (double) epoch / warmupEpochs);
    }

    /** Mutable only until {@link #build()}. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private UpdaterType updater = UpdaterType.ADAM;
        private int samples = 1;
        private Estimator estimator = Estimator.SGVB_B;
        private double beta = 1.0;
        private int warmupEpochs = 0;
        private double weightDecay = 0.0;
        private long seed = 42;
        private java.util.SortedMap<Integer, Double> learningRateSchedule = new java.util.TreeMap<>();

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder updater(UpdaterType v) {
            updater = v;
            return this;
        }

        public Builder samples(int v) {
            samples = v;
            return this;
        }

        public Builder estimator(Estimator v) {
            estimator = v;
            return this;
        }

        public Builder beta(double v) {
            beta = v;
            return this;
        }

        public Builder warmupEpochs(int v) {
            warmupEpochs = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder learningRateSchedule(java.util.SortedMap<Integer, Double> v) {
            learningRateSchedule = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, batchSize, learningRate, updater, samples, estimator, beta,
                    warmupEpochs, weightDecay, seed, learningRateSchedule);
        }
    }
}
