package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.Activation;
import org.vae4j.core.config.Estimator;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.Precision;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.VaeGraph;

/** Finite differences against SameDiff's gradients, ε held fixed, in double precision. */
class GradientCheckTest {

    @ParameterizedTest(name = "{0} {1} L={2} {3}")
    @CsvSource({
        "BERNOULLI, PER_EXAMPLE, 1, SGVB_B",
        "BERNOULLI, PER_EXAMPLE, 3, SGVB_B",
        "BERNOULLI, PER_EXAMPLE, 2, SGVB_A",
        "GAUSSIAN, PER_EXAMPLE, 1, SGVB_B",
        "GAUSSIAN, PER_EXAMPLE, 3, SGVB_B",
        "GAUSSIAN, PER_DIMENSION, 2, SGVB_B",
        "GAUSSIAN, FIXED, 2, SGVB_A",
    })
    void gradientsMatchFiniteDifferencesWithFixedNoise(Likelihood likelihood, VarianceMode mode, int samples,
                                                      Estimator estimator) {
        ModelConfig mc = ModelConfig.builder(6).hidden(5).latentDim(3).activation(Activation.TANH)
                .likelihood(likelihood).varianceMode(mode).precision(Precision.DOUBLE).build();
        SameDiff sd = VaeGraph.build(mc, estimator, 7);
        int m = 4;
        INDArray x = likelihood == Likelihood.BERNOULLI
                ? ToyData.binaryPrototypes(m, 6, 2, 3).castTo(DataType.DOUBLE)
                : ToyData.gaussian(m, 6, 3).castTo(DataType.DOUBLE);
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(GraphNames.X, x);
        feeds.put(GraphNames.EPS, new NoiseSource(11).standardNormal(DataType.DOUBLE, samples, m, 3));
        feeds.put(GraphNames.BETA, Nd4j.scalar(0.7));

        String[] params = sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toArray(String[]::new);
        Map<String, INDArray> grads = sd.calculateGradients(feeds, params);
        double worst = 0;
        int checked = 0;
        for (String p : params) {
            INDArray w = sd.getVariable(p).getArr();
            INDArray g = grads.get(p);
            for (long i = 0; i < w.length(); i += Math.max(1, w.length() / 3)) {
                double orig = w.getDouble(i);
                double h = 1e-6;
                w.putScalar(i, orig + h);
                double up = loss(sd, feeds);
                w.putScalar(i, orig - h);
                double down = loss(sd, feeds);
                w.putScalar(i, orig);
                double numeric = (up - down) / (2 * h);
                double analytic = g.getDouble(i);
                double rel = Math.abs(numeric - analytic) / Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, rel);
                checked++;
                assertTrue(rel < 1e-5, p + "[" + i + "]: numeric " + numeric + " vs analytic " + analytic);
            }
        }
        assertTrue(checked >= 3 * params.length, "checked only " + checked + " parameters");
    }

    private static double loss(SameDiff sd, Map<String, INDArray> feeds) {
        return sd.output(feeds, GraphNames.LOSS).get(GraphNames.LOSS).getDouble(0);
    }
}
