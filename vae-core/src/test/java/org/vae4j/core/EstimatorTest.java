package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.Estimator;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.Precision;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.VaeGraph;

/** Estimators checked against cases with known answers. */
class EstimatorTest {
    private static final ModelConfig SMALL = ModelConfig.builder(8).hidden(6).latentDim(3)
            .precision(Precision.DOUBLE).build();

    private static Map<String, INDArray> feeds(INDArray x, int samples, long seed) {
        Map<String, INDArray> f = new HashMap<>();
        f.put(GraphNames.X, x);
        f.put(GraphNames.EPS, new NoiseSource(seed).standardNormal(DataType.DOUBLE, samples, x.rows(), 3));
        f.put(GraphNames.BETA, Nd4j.scalar(1.0));
        return f;
    }

    @Test
    void closedFormKlMatchesMonteCarloEstimate() {
        SameDiff sd = VaeGraph.build(SMALL, Estimator.SGVB_B, 1);
        INDArray x = ToyData.binaryPrototypes(3, 8, 2, 5).castTo(DataType.DOUBLE);
        int l = 200_000;
        Map<String, INDArray> out = sd.output(feeds(x, l, 9), GraphNames.KL, GraphNames.LOG_WEIGHTS,
                GraphNames.RECON_PER_SAMPLE);
        // log q − log p(z) = log p(x|z) − log w, averaged over samples of z ~ q
        INDArray mcKl = out.get(GraphNames.RECON_PER_SAMPLE).sub(out.get(GraphNames.LOG_WEIGHTS)).mean(0);
        INDArray kl = out.get(GraphNames.KL);
        for (int i = 0; i < 3; i++) {
            assertTrue(kl.getDouble(i) > 0, "KL must be positive");
            assertEquals(kl.getDouble(i), mcKl.getDouble(i), 0.01 + 0.01 * kl.getDouble(i),
                    "example " + i + ": closed form vs Monte Carlo");
        }
    }

    @Test
    void sgvbAAndBAgreeInExpectation() {
        SameDiff a = VaeGraph.build(SMALL, Estimator.SGVB_A, 1);
        SameDiff b = VaeGraph.build(SMALL, Estimator.SGVB_B, 1);
        INDArray x = ToyData.binaryPrototypes(4, 8, 2, 5).castTo(DataType.DOUBLE);
        double la = a.output(feeds(x, 100_000, 3), GraphNames.LOSS).get(GraphNames.LOSS).getDouble(0);
        double lb = b.output(feeds(x, 100_000, 4), GraphNames.LOSS).get(GraphNames.LOSS).getDouble(0);
        assertEquals(lb, la, 0.01 * Math.abs(lb), "SGVB-A and SGVB-B estimate the same ELBO");
        // with identical ε they are different estimators: they must not be identical numbers
        double la1 = a.output(feeds(x, 1, 5), GraphNames.LOSS).get(GraphNames.LOSS).getDouble(0);
        double lb1 = b.output(feeds(x, 1, 5), GraphNames.LOSS).get(GraphNames.LOSS).getDouble(0);
        assertTrue(Math.abs(la1 - lb1) > 1e-6);
    }

    @Test
    void importanceWeightedBoundIsAboveElboAndGrowsWithK() {
        TrainingConfig tc = TrainingConfig.builder().epochs(8).batchSize(32).learningRate(3e-3).seed(3).build();
        INDArray x = ToyData.binaryPrototypes(256, 8, 4, 2);
        try (VaeModel model = Vae.create(ModelConfig.builder(8).hidden(16).latentDim(2).build(), tc)) {
            Vae.train(model, ToyData.iterator(x, 32), null);
            EvaluationResult k1 = model.evaluate(ToyData.iterator(x, 64), EvaluationOptions.importanceWeighted(1));
            EvaluationResult k10 = model.evaluate(ToyData.iterator(x, 64), EvaluationOptions.importanceWeighted(10));
            EvaluationResult k500 = model.evaluate(ToyData.iterator(x, 64),
                    EvaluationOptions.importanceWeighted(500).withMaxChunkElements(64 * 8 * 7));
            assertEquals(k1.elbo(), k1.logLikelihood(), 0.05 * Math.abs(k1.elbo()),
                    "IW(1) is the ELBO in expectation");
            assertTrue(k10.logLikelihood() > k10.elbo(), "IW(10) ≥ ELBO");
            assertTrue(k500.logLikelihood() > k10.logLikelihood(), "IW(500) ≥ IW(10)");
            assertEquals(256, k500.examples());
            assertEquals(-k500.logLikelihood() / (8 * Math.log(2)), k500.bitsPerDim(), 1e-9);
        }
    }
}
