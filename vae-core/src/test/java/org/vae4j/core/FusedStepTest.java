package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.Activation;
import org.vae4j.core.config.Estimator;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.Precision;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.QuietGradients;
import org.vae4j.core.train.FusedStep;

/**
 * The fused ND4J training step against the SameDiff graph it stands in for: same x, ε and β,
 * same ELBO terms and same gradient for every trainable variable.
 */
class FusedStepTest {
    private static final List<String> OUTPUTS = List.of(GraphNames.ELBO_MEAN, GraphNames.RECON_MEAN, GraphNames.KL_MEAN);

    @ParameterizedTest(name = "{0} enc={1} dec={2} {3} L={4} beta={5}")
    @CsvSource(delimiter = ';', value = {
        "BERNOULLI; 5; 5; RELU; 1; 0.7",
        "BERNOULLI; 7 5; 4; TANH; 3; 1.3",
        "BERNOULLI; ; 6 5; RELU; 3; 0.5",
        "BERNOULLI; 8; ; TANH; 1; 2.0",
        "BERNOULLI; ; ; RELU; 2; 0.0",
        "BERNOULLI; 9 7 5; 5 7 9; RELU; 2; 1.0",
        "GAUSSIAN/PER_EXAMPLE; 6; 6; RELU; 1; 0.7",
        "GAUSSIAN/PER_EXAMPLE; 7 5; 4; TANH; 3; 1.5",
        "GAUSSIAN/PER_DIMENSION; 6; 5; TANH; 2; 0.9",
        "GAUSSIAN/FIXED; 5; ; RELU; 3; 1.1",
    })
    void fusedStepEqualsSameDiffInDoublePrecision(String head, String enc, String dec, Activation act, int samples,
                                                  double beta) {
        ModelConfig mc = config(head, enc, dec, act, 6, 3, Precision.DOUBLE);
        Comparison c = compare(mc, 5, samples, beta, 17);
        assertTrue(c.worstValue <= 1e-10, "loss terms differ by " + c.worstValue + " (relative): " + c.detail);
        assertTrue(c.worstGradient <= 1e-10, "gradients differ by " + c.worstGradient + " (relative, "
                + c.worstName + "): " + c.detail);
    }

    @ParameterizedTest(name = "{0} {1} L={2}")
    @CsvSource({
        "BERNOULLI, RELU, 1",
        "BERNOULLI, TANH, 3",
        "GAUSSIAN/PER_EXAMPLE, RELU, 2",
    })
    void fusedStepMatchesSameDiffInFloatPrecision(String head, Activation act, int samples) {
        ModelConfig mc = config(head, "24 16", "16 24", act, 30, 4, Precision.FLOAT);
        Comparison c = compare(mc, 16, samples, 0.8, 5);
        assertTrue(c.worstValue <= 1e-5, "loss terms differ by " + c.worstValue + ": " + c.detail);
        assertTrue(c.worstGradient <= 1e-5, "gradients differ by " + c.worstGradient + " (" + c.worstName + "): "
                + c.detail);
    }

    @ParameterizedTest(name = "{0}, latent {1}")
    @CsvSource({"BERNOULLI, 8", "BERNOULLI, 32", "GAUSSIAN/PER_EXAMPLE, 8"})
    void fusedStepMatchesSameDiffAtASizeWhereItSplitsWorkOverTwoThreads(String head, int latent) {
        // 64×128×784 products (split over the partner thread), a 64×784 head (the Bernoulli kernel
        // in two halves; the head's weight gradients and ∂g on one thread each, for the Gaussian
        // head's mean and log-variance layers both), with 32 latent dimensions the μ and log σ²
        // products on one thread each: the paths the small cases above do not reach
        ModelConfig mc = config(head, "128", "128", Activation.RELU, 784, latent, Precision.FLOAT);
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(8).build());
             FusedStep fused = new FusedStep(model)) {
            randomize(model, 9);
            for (String name : model.updater().variables()) {
                model.graph().getArrForVarName(name).muli(0.08);          // layers this wide: keep the logits moderate
            }
            Comparison c = compareOn(model, fused, uniform(DataType.FLOAT, 10, 64, 784),
                    normal(DataType.FLOAT, 11, 1, 64, latent), 1.0);
            assertTrue(c.worstValue <= 1e-5, "loss terms differ by " + c.worstValue + ": " + c.detail);
            assertTrue(c.worstGradient <= 1e-5, "gradients differ by " + c.worstGradient + " (" + c.worstName + "): "
                    + c.detail);
        }
    }

    @Test
    void workBesideTheStepLeavesItsResultsUnchanged() {
        // the product xᵀ·δ of the first layer (784×64×128) comes up while `beside` still runs: it
        // then runs whole on the caller's thread, which must give the same bits as its two halves
        ModelConfig mc = config("BERNOULLI", "128", "128", Activation.RELU, 784, 8, Precision.FLOAT);
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(8).build());
             FusedStep fused = new FusedStep(model)) {
            randomize(model, 9);
            for (String name : model.updater().variables()) {
                model.graph().getArrForVarName(name).muli(0.08);
            }
            INDArray x = uniform(DataType.FLOAT, 10, 64, 784);
            INDArray eps = normal(DataType.FLOAT, 11, 1, 64, 8);
            FusedStep.Result plain = fused.step(x, eps, 1.0);
            double elbo = plain.elboMean();
            Map<String, INDArray> expected = new TreeMap<>();
            plain.gradients().forEach((k, v) -> expected.put(k, v.dup()));
            AtomicReference<String> ran = new AtomicReference<>();
            FusedStep.Result withBeside = fused.step(x, eps, 1.0, () -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ran.set(Thread.currentThread().getName());
            });
            assertNotNull(ran.get(), "beside has run when step returns");
            if (Runtime.getRuntime().availableProcessors() >= 2) {
                assertEquals("vae4j-partner", ran.get());
            }
            assertTrue(Double.isFinite(elbo));
            assertEquals(elbo, withBeside.elboMean(), 0.0);
            expected.forEach((k, v) -> assertArrayEquals(v.data().asFloat(),
                    withBeside.gradients().get(k).dup().data().asFloat(), 0f, k));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> fused.step(x, eps, 1.0, () -> {
                throw new IllegalStateException("beside failed");
            }));
            assertEquals("beside failed", e.getMessage());
            assertEquals(elbo, fused.step(x, eps, 1.0).elboMean(), 0.0, "still usable");
        }
    }

    @ParameterizedTest(name = "{0}, logits ×{1}")
    @CsvSource({
        "DOUBLE, 400",   // |ℓ| in the hundreds: exp(|ℓ|) would overflow, log(1 + exp(−|ℓ|)) underflows
        "FLOAT, 60",
        "DOUBLE, 0",     // ℓ = 0 exactly: the graph's subgradient there
    })
    void extremeLogitsAreStableAndEqual(Precision precision, double logitScale) {
        ModelConfig mc = config("BERNOULLI", "7", "7", Activation.RELU, 6, 3, precision);
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(5).build());
             FusedStep fused = new FusedStep(model)) {
            randomize(model, 6);
            model.graph().getArrForVarName("dec_out_W").muli(logitScale);
            model.graph().getArrForVarName("dec_out_b").muli(logitScale);
            DataType dt = model.dataType();
            Comparison c = compareOn(model, fused, uniform(dt, 7, 5, 6), normal(dt, 8, 2, 5, 3), 1.0);
            double tolerance = precision == Precision.DOUBLE ? 1e-10 : 1e-5;
            assertTrue(c.worstValue <= tolerance && c.worstGradient <= tolerance, c.worstName + ": " + c.detail);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DOUBLE, 1e-10", "FLOAT, 1e-5"})      // float: the Bernoulli kernel reads x from a view's offset
    void batchSizesMayChangeBetweenStepsAndInputsMayBeViews(Precision precision, double tolerance) {
        ModelConfig mc = config("BERNOULLI", "7", "7", Activation.RELU, 6, 3, precision);
        TrainingConfig tc = TrainingConfig.builder().seed(3).build();
        try (VaeModel model = Vae.create(mc, tc); FusedStep fused = new FusedStep(model)) {
            randomize(model, 4);
            DataType dt = model.dataType();
            INDArray all = uniform(dt, 8, 11, 6);
            for (int[] rows : new int[][] {{0, 5}, {5, 8}, {0, 5}, {2, 11}, {3, 7}}) {
                // a row range of a larger matrix, as a batch iterator hands out; last, a column-major copy
                INDArray x = all.get(NDArrayIndex.interval(rows[0], rows[1]), NDArrayIndex.all());
                if (rows[0] == 3) {
                    x = x.dup('f');
                }
                int m = rows[1] - rows[0];
                // ε as a transposed (non-contiguous) array
                INDArray eps = normal(dt, 9 + m, 3, m, 2).permute(2, 1, 0);
                Comparison c = compareOn(model, fused, x, eps, 0.6);
                assertTrue(c.worstValue <= tolerance && c.worstGradient <= tolerance, "rows " + rows[0] + "–" + rows[1]
                        + ": " + c.detail);
            }
        }
    }

    @Test
    void trainingWithFusedGradientsFollowsTheSameDiffTrajectory() {
        ModelConfig mc = config("BERNOULLI", "8", "8", Activation.TANH, 6, 3, Precision.DOUBLE);
        TrainingConfig tc = TrainingConfig.builder().seed(9).learningRate(0.01).weightDecay(1e-3).build();
        try (VaeModel reference = Vae.create(mc, tc); VaeModel candidate = Vae.create(mc, tc);
             FusedStep fused = new FusedStep(candidate)) {
            SameDiff sd = reference.graph();
            QuietGradients.createGradFunction(sd);
            NoiseSource noise = new NoiseSource(21);
            for (int step = 0; step < 8; step++) {
                INDArray x = uniform(DataType.DOUBLE, 100 + step, 6, 6);
                INDArray eps = noise.standardNormal(DataType.DOUBLE, 2, 6, 3);
                OutAndGrad r = sd.calculateGradientsAndOutputs(feeds(x, eps, 1.0), OUTPUTS,
                        reference.updater().variables());
                reference.updater().step(sd, r.getGradients(), 1);
                FusedStep.Result f = fused.step(x, eps, 1.0);
                candidate.updater().step(candidate.graph(), f.gradients(), 1);
                assertEquals(r.getOutputs().get(GraphNames.ELBO_MEAN).getDouble(0), f.elboMean(),
                        1e-10 * Math.abs(f.elboMean()), "ELBO at step " + step);
            }
            for (String name : reference.updater().variables()) {
                INDArray a = reference.graph().getArrForVarName(name);
                INDArray b = candidate.graph().getArrForVarName(name);
                assertTrue(relativeDifference(b, a) <= 1e-10, name + " after 8 Adam steps: " + relativeDifference(b, a));
            }
        }
    }

    @Test
    void supportsOnlyWhatItImplements() {
        TrainingConfig b = TrainingConfig.builder().build();
        TrainingConfig a = TrainingConfig.builder().estimator(Estimator.SGVB_A).build();
        ModelConfig relu = ModelConfig.builder(784).build();
        assertTrue(FusedStep.supports(relu, b));
        assertTrue(FusedStep.supports(relu.toBuilder().activation(Activation.TANH).precision(Precision.DOUBLE).build(), b));
        for (VarianceMode mode : VarianceMode.values()) {
            assertTrue(FusedStep.supports(relu.toBuilder().likelihood(Likelihood.GAUSSIAN).varianceMode(mode).build(), b));
        }
        assertFalse(FusedStep.supports(relu, a));
        for (Activation act : List.of(Activation.LEAKY_RELU, Activation.SOFTPLUS, Activation.ELU, Activation.SIGMOID)) {
            assertFalse(FusedStep.supports(relu.toBuilder().activation(act).build(), b), act.name());
        }
    }

    @Test
    void refusesAModelItDoesNotImplement() {
        ModelConfig mc = ModelConfig.builder(6).hidden(5).latentDim(2).activation(Activation.ELU).build();
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FusedStep(model));
            assertTrue(e.getMessage().contains("ELU"), e.getMessage());
        }
    }

    @Test
    void rejectsInputsOfTheWrongShape() {
        ModelConfig mc = config("BERNOULLI", "5", "5", Activation.RELU, 6, 3, Precision.DOUBLE);
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().build()); FusedStep fused = new FusedStep(model)) {
            INDArray x = uniform(DataType.DOUBLE, 1, 4, 6);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fused.step(x, normal(DataType.DOUBLE, 2, 1, 5, 3), 1.0));
            assertTrue(e.getMessage().contains("eps must be [L, 4, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> fused.step(uniform(DataType.DOUBLE, 1, 4, 7), normal(DataType.DOUBLE, 2, 1, 4, 3), 1.0));
            assertTrue(e.getMessage().contains("x must be [M, 6]"), e.getMessage());
        }
    }

    // ---- comparison machinery

    /** The largest relative differences found: loss terms, and gradients (max |Δ| / max |reference|). */
    private record Comparison(double worstValue, double worstGradient, String worstName, String detail) {
    }

    private static Comparison compare(ModelConfig mc, int m, int samples, double beta, long seed) {
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(seed).build());
             FusedStep fused = new FusedStep(model)) {
            randomize(model, seed + 1);
            DataType dt = model.dataType();
            INDArray x = mc.likelihood() == Likelihood.BERNOULLI
                    ? uniform(dt, seed + 2, m, mc.inputDim())
                    : normal(dt, seed + 2, m, mc.inputDim()).muli(2.0);
            INDArray eps = normal(dt, seed + 3, samples, m, mc.latentDim());
            return compareOn(model, fused, x, eps, beta);
        }
    }

    private static Comparison compareOn(VaeModel model, FusedStep fused, INDArray x, INDArray eps, double beta) {
        SameDiff sd = model.graph();
        QuietGradients.createGradFunction(sd);
        // SameDiff M2.1's matmul rejects views as placeholders: the reference gets plain copies
        OutAndGrad ref = sd.calculateGradientsAndOutputs(feeds(x.dup('c'), eps.dup('c'), beta), OUTPUTS,
                model.updater().variables());
        FusedStep.Result got = fused.step(x, eps, beta);
        Map<String, INDArray> out = ref.getOutputs();
        double worstValue = Math.max(relative(got.elboMean(), out.get(GraphNames.ELBO_MEAN).getDouble(0)),
                Math.max(relative(got.reconMean(), out.get(GraphNames.RECON_MEAN).getDouble(0)),
                        relative(got.klMean(), out.get(GraphNames.KL_MEAN).getDouble(0))));
        double worst = 0;
        String worstName = "";
        assertEquals(ref.getGradients().keySet(), got.gradients().keySet());
        for (Map.Entry<String, INDArray> e : ref.getGradients().entrySet()) {
            INDArray g = got.gradients().get(e.getKey());
            assertEquals(java.util.Arrays.toString(e.getValue().shape()), java.util.Arrays.toString(g.shape()), e.getKey());
            double d = relativeDifference(g, e.getValue());
            if (d >= worst) {
                worst = d;
                worstName = e.getKey();
            }
        }
        String detail = String.format("elbo %.17g vs %.17g, recon %.17g vs %.17g, kl %.17g vs %.17g",
                got.elboMean(), out.get(GraphNames.ELBO_MEAN).getDouble(0), got.reconMean(),
                out.get(GraphNames.RECON_MEAN).getDouble(0), got.klMean(), out.get(GraphNames.KL_MEAN).getDouble(0));
        System.out.printf("FusedStepTest %s L=%d M=%d: values %.2e, gradients %.2e (%s)%n", model.dataType(),
                eps.size(0), x.rows(), worstValue, worst, worstName);
        return new Comparison(worstValue, worst, worstName, detail);
    }

    private static Map<String, INDArray> feeds(INDArray x, INDArray eps, double beta) {
        return Map.of(GraphNames.X, x, GraphNames.EPS, eps, GraphNames.BETA, Nd4j.scalar(x.dataType(), beta));
    }

    /** max |a − b| / max |b|. */
    static double relativeDifference(INDArray a, INDArray b) {
        double scale = b.amaxNumber().doubleValue();
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    }

    /** Every weight and bias random, so biases are nonzero and some ReLU units are off. */
    static void randomize(VaeModel model, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (String name : model.updater().variables()) {
            INDArray w = model.graph().getArrForVarName(name);
            double[] v = new double[(int) w.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.6 * r.nextGaussian();
            }
            w.assign(Nd4j.create(v, w.shape(), DataType.DOUBLE).castTo(w.dataType()));
        }
    }

    static ModelConfig config(String head, String enc, String dec, Activation act, int d, int j, Precision p) {
        String[] h = head.split("/");
        ModelConfig.Builder b = ModelConfig.builder(d).hidden(sizes(enc)).decoderHidden(sizes(dec)).latentDim(j)
                .activation(act).likelihood(Likelihood.valueOf(h[0])).precision(p).minLogVariance(-3).fixedLogVariance(-0.5);
        if (h.length > 1) {
            b.varianceMode(VarianceMode.valueOf(h[1]));
        }
        return b.build();
    }

    private static List<Integer> sizes(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(s.trim().split("\\s+")).map(Integer::valueOf).toList();
    }

    static INDArray uniform(DataType dt, long seed, long... shape) {
        return new NoiseSource(seed).uniform(dt, shape);
    }

    static INDArray normal(DataType dt, long seed, long... shape) {
        return new NoiseSource(seed).standardNormal(dt, shape);
    }
}
