package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.core.config.Activation;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.Precision;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.train.FusedForward;

/**
 * The fused test-time passes (what VaeModel.encode/decode and the IW evaluation run) against the
 * SameDiff graph's outputs for the same inputs and ε.
 */
class FusedForwardTest {

    @ParameterizedTest(name = "{0} enc={1} dec={2} {3} {4}")
    @CsvSource(delimiter = ';', value = {
        "BERNOULLI; 5; 5; RELU; DOUBLE",
        "BERNOULLI; 7 5; 4; TANH; DOUBLE",
        "BERNOULLI; ; 6 5; RELU; DOUBLE",
        "BERNOULLI; 9 7; ; TANH; DOUBLE",
        "GAUSSIAN/PER_EXAMPLE; 6; 6; RELU; DOUBLE",
        "GAUSSIAN/PER_DIMENSION; 6; 5; TANH; DOUBLE",
        "GAUSSIAN/FIXED; 5; ; RELU; DOUBLE",
        "BERNOULLI; 24 16; 16 24; RELU; FLOAT",
        "GAUSSIAN/PER_EXAMPLE; 24; 24; TANH; FLOAT",
    })
    void encodeDecodeAndLogWeightsEqualTheGraph(String head, String enc, String dec, Activation act, Precision p) {
        ModelConfig mc = FusedStepTest.config(head, enc, dec, act, 30, 4, p);
        double tol = p == Precision.DOUBLE ? 1e-12 : 2e-5;
        int m = 7;
        int k = 5;
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(3).build())) {
            FusedStepTest.randomize(model, 4);
            DataType dt = model.dataType();
            assertNotNull(model.fused(), "the fused passes apply to " + head + " " + act);
            INDArray x = mc.likelihood() == Likelihood.BERNOULLI
                    ? FusedStepTest.uniform(dt, 5, m, mc.inputDim())
                    : FusedStepTest.normal(dt, 5, m, mc.inputDim());

            Encoding e = model.encode(x);
            Map<String, INDArray> q = model.output(Map.of(GraphNames.X, x), GraphNames.Z_MEAN, GraphNames.Z_LOGVAR);
            assertClose(q.get(GraphNames.Z_MEAN), e.mean(), tol, "μ");
            assertClose(q.get(GraphNames.Z_LOGVAR), e.logVariance(), tol, "log σ²");

            // sampleLatent: z = μ + exp(½ log σ²) ⊙ ε with the seed's ε, here in double
            INDArray eps1 = new NoiseSource(21).standardNormal(dt, e.mean().shape());
            INDArray wantZ = e.mean().castTo(DataType.DOUBLE).add(Transforms.exp(e.logVariance().castTo(DataType.DOUBLE)
                    .mul(0.5)).mul(eps1.castTo(DataType.DOUBLE)));
            assertClose(wantZ.castTo(dt), model.sampleLatent(x, 21), tol, "z = μ + σ ⊙ ε");

            INDArray z = FusedStepTest.normal(dt, 6, 9, mc.latentDim()).muli(1.5);
            assertClose(model.output(Map.of(GraphNames.Z_IN, z), GraphNames.X_MEAN_FROM_Z).get(GraphNames.X_MEAN_FROM_Z),
                    model.decode(z), tol, "mean of p(x|z)");

            FusedForward fused = model.fused();
            assertEquals(mc.likelihood() == Likelihood.BERNOULLI, fused.hasLogWeights());
            if (fused.hasLogWeights()) {
                INDArray eps = FusedStepTest.normal(dt, 7, k, m, mc.latentDim());
                INDArray ref = model.output(Map.of(GraphNames.X, x, GraphNames.EPS, eps, GraphNames.BETA,
                        Nd4j.scalar(dt, 1.0)), GraphNames.LOG_WEIGHTS).get(GraphNames.LOG_WEIGHTS);
                INDArray got = fused.logWeights(model.graph(), x, e.mean(), e.logVariance(), eps);
                assertClose(ref.reshape((long) k * m, 1), got, tol, "log w");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void floatLogWeightsOverSeveralKernelPassesEqualTheGraph() {
        // 100 · 7 = 700 decoder rows: the float kernel copies ℓ in passes of 512 rows, and row 512
        // (the second pass's first) goes with x's row 512 mod 7 = 1
        ModelConfig mc = FusedStepTest.config("BERNOULLI", "12", "12", Activation.RELU, 30, 3, Precision.FLOAT);
        int m = 7;
        int k = 100;
        try (VaeModel model = Vae.create(mc, TrainingConfig.builder().seed(8).build())) {
            FusedStepTest.randomize(model, 9);
            INDArray x = FusedStepTest.uniform(DataType.FLOAT, 10, m, mc.inputDim());
            INDArray eps = FusedStepTest.normal(DataType.FLOAT, 11, k, m, mc.latentDim());
            Encoding e = model.encode(x);
            INDArray ref = model.output(Map.of(GraphNames.X, x, GraphNames.EPS, eps, GraphNames.BETA,
                    Nd4j.scalar(DataType.FLOAT, 1.0)), GraphNames.LOG_WEIGHTS).get(GraphNames.LOG_WEIGHTS);
            INDArray got = model.fused().logWeights(model.graph(), x, e.mean(), e.logVariance(), eps);
            assertClose(ref.reshape((long) k * m, 1), got, 2e-5, "log w");
            // the same data in column-major order
            INDArray gotF = model.fused().logWeights(model.graph(), x.dup('f'), e.mean(), e.logVariance(), eps);
            assertClose(ref.reshape((long) k * m, 1), gotF, 2e-5, "log w, x column-major");
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double d = FusedStepTest.relativeDifference(actual, expected);
        assertTrue(d <= tol, what + ": fused differs from the graph by " + d + " (relative to its largest entry)");
    }
}
