package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The one-pass Adam against ND4J's own Adam updater (the op it replaces), step by step. */
class AdamKernelTest {

    @ParameterizedTest(name = "{0} {1}x{2} weight decay {3}")
    @CsvSource({
        "DOUBLE, 7, 5, 0.0",
        "DOUBLE, 1, 13, 0.01",
        "FLOAT, 40, 30, 0.0",
        "FLOAT, 1, 9, 0.001",
        "FLOAT, 300, 250, 0.0",     // 75,000 values: updated in two halves on two threads
        "DOUBLE, 257, 300, 0.001",
    })
    void matchesNd4jAdamOverManySteps(DataType dt, int rows, int cols, double weightDecay) {
        Nd4j.getRandom().setSeed(11);
        INDArray theta0 = Nd4j.randn(dt, rows, cols);
        long n = theta0.length();
        // a schedule, so the learning rate changes between epochs as --lr-schedule makes it
        Adam config = new Adam(3e-3);
        config.setLrAndSchedule(3e-3, new MapSchedule(ScheduleType.EPOCH, Map.of(0, 3e-3, 1, 3e-3, 2, 1e-3, 3, 1e-4)));

        INDArray refTheta = theta0.dup();
        INDArray refState = Nd4j.zeros(dt, 1, 2 * n);
        GradientUpdater<?> ref = config.instantiate(refState, false);
        ref.setStateViewArray(refState, refTheta.shape(), 'c', true);

        INDArray theta = theta0.dup();
        INDArray state = Nd4j.zeros(dt, 1, 2 * n);
        AdamKernel kernel = AdamKernel.of(theta, state);
        assertNotNull(kernel, "applies to a dense " + dt + " parameter");
        float[][] scratchF = {new float[(int) n], new float[(int) n]};
        double[][] scratchD = {new double[(int) n], new double[(int) n]};

        double tol = dt == DataType.DOUBLE ? 1e-12 : 2e-5;
        for (int it = 0; it < 60; it++) {
            int epoch = 1 + it / 20;
            // gradients of mixed scale and sign, some exactly zero (dead units)
            INDArray g = Nd4j.randn(dt, rows, cols).muli(it % 3 == 0 ? 1e-3 : 1.0);
            g.getRow(0).assign(0);
            INDArray refGrad = g.dup();
            if (weightDecay > 0) {
                refGrad.addi(refTheta.mul(weightDecay));
            }
            ref.applyUpdater(refGrad, it, epoch);
            refTheta.subi(refGrad);

            INDArray gBefore = g.dup();
            // every third step the gradient arrives as a view of another order, as a graph may hand it over
            INDArray gIn = it % 3 == 1 ? g.dup('f') : g;
            kernel.step(theta, gIn, scratchF, scratchD, config.getLearningRate(it, epoch), config.getBeta1(),
                    config.getBeta2(), config.getEpsilon(), it, weightDecay);
            assertEquals(gBefore, g, "the gradient is left as it was");
            kernel.store(state);

            double dTheta = relDiff(refTheta, theta);
            double dState = relDiff(refState, state);
            assertTrue(dTheta <= tol, "step " + it + ": parameters differ from ND4J's Adam by " + dTheta);
            assertTrue(dState <= tol, "step " + it + ": state [m | v] differs from ND4J's Adam by " + dState);
        }
        assertTrue(relDiff(theta0, theta) > 1e-3, "the parameters moved");
    }

    @Test
    void viewsOtherOrdersAndOtherTypesAreLeftToNd4j() {
        INDArray big = Nd4j.zeros(DataType.FLOAT, 4, 6);
        INDArray view = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        INDArray p = Nd4j.zeros(DataType.FLOAT, 2, 6);
        INDArray s = Nd4j.zeros(DataType.FLOAT, 1, 24);
        assertNotNull(AdamKernel.of(p, s));
        assertNull(AdamKernel.of(view, s));
        assertNull(AdamKernel.of(p.dup('f'), s));
        assertNull(AdamKernel.of(p, s.castTo(DataType.DOUBLE)));
        assertNull(AdamKernel.of(p, Nd4j.zeros(DataType.FLOAT, 1, 12)));
        assertNull(AdamKernel.of(p.castTo(DataType.HALF), s.castTo(DataType.HALF)));
    }

    @Test
    void loadStoreAndFlushRoundTripTheMoments() {
        INDArray p = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        INDArray s = Nd4j.createFromArray(new double[][] {{0.5, 1e-35, -2, 3, 1e-31, 4}});
        AdamKernel k = AdamKernel.of(p, s);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, 1, 6);
        k.store(out);
        assertEquals(s, out);
        k.flushBelow(1e-30);
        k.store(out);
        assertEquals(Nd4j.createFromArray(new double[][] {{0.5, 0, -2, 3, 0, 4}}), out);
        k.load(s);
        k.store(out);
        assertEquals(s, out);
    }

    private static double relDiff(INDArray expected, INDArray actual) {
        double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
        return expected.sub(actual.reshape(expected.shape())).amaxNumber().doubleValue() / scale;
    }
}
