package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.UpdaterType;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingProgress;

/**
 * A learning rate that blows up stops training with the epoch and batch, the model goes back to
 * the last good weights, and no epoch whose model gives a non-finite ELBO ever reaches a listener
 * (the CLI's checkpoint is such a listener).
 */
class DivergenceTest {
    private static final ModelConfig GAUSS = ModelConfig.builder(16).hidden(24).latentDim(3)
            .likelihood(Likelihood.GAUSSIAN).build();

    private static boolean allFinite(VaeModel m) {
        for (String name : m.updater().variables()) {
            INDArray a = m.graph().getVariable(name).getArr();
            if (a.isNaN().any() || a.isInfinite().any()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each loss is computed before its update, so a step that breaks the model on the last batch
     * of an epoch shows only in the next batch, after the epoch has ended (and the CLI has written
     * its checkpoint). With one batch per epoch every batch is the last one. Measured without the
     * check: epoch 1 ended with finite but huge weights (w ≈ 1.6e6) whose ELBO is NaN, and the
     * divergence was reported in epoch 2 after the checkpoint.
     */
    @Test
    void aStepThatBreaksTheModelOnTheLastBatchIsCaughtBeforeTheEpochEnds() {
        TrainingConfig tc = TrainingConfig.builder().epochs(3).batchSize(50).learningRate(1e6).seed(2)
                .updater(UpdaterType.SGD).build();
        INDArray x = ToyData.gaussian(50, 16, 3);
        List<String> batches = new ArrayList<>();
        List<Double> elboAtEpochEnd = new ArrayList<>();
        TrainingListener checkpoint = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingProgress p) {
                batches.add(p.epoch() + "." + p.batch() + " loss " + p.loss());
            }

            @Override
            public void onEpochEnd(VaeModel m, EpochSummary s) {
                elboAtEpochEnd.add(m.evaluate(ToyData.iterator(x, 50), EvaluationOptions.elboOnly()).elbo());
            }
        };
        try (VaeModel m = Vae.create(GAUSS, tc)) {
            INDArray before = m.encode(x.getRows(0, 1)).mean().ravel().dup();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> Vae.train(m, ToyData.iterator(x, 50), null, checkpoint));
            assertEquals(1, batches.size(), "the first batch had a finite loss: " + batches);
            assertEquals(List.of(), elboAtEpochEnd, "no epoch with a broken model reached a listener");
            assertEquals(1, e.epoch(), e.getMessage());
            assertEquals(1, e.batch(), e.getMessage());
            assertTrue(e.getMessage().contains("at epoch 1, batch 1"), e.getMessage());
            assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
            assertTrue(allFinite(m), "weights rolled back to finite values");
            assertEquals(0, m.history().size(), "no diverged epoch in the history");
            assertArrayEquals(before.toFloatVector(), m.encode(x.getRows(0, 1)).mean().ravel().toFloatVector(),
                    "weights are those from before the failing epoch");
        }
    }

    @Test
    void divergenceInALaterEpochKeepsTheEpochsBefore() {
        TrainingConfig good = TrainingConfig.builder().epochs(2).batchSize(25).learningRate(1e-3).seed(4)
                .updater(UpdaterType.SGD).build();
        INDArray x = ToyData.gaussian(100, 16, 5);
        try (VaeModel m = Vae.create(GAUSS, good)) {
            Vae.train(m, ToyData.iterator(x, 25), null);
            INDArray before = m.encode(x.getRows(0, 1)).mean().ravel().dup();
            // the same model then sees data a million times larger: the loss overflows at once
            m.setTrainingConfig(good.toBuilder().epochs(4).build());
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> Vae.train(m, ToyData.iterator(x.mul(1e18), 25), null));
            assertEquals(3, e.epoch(), e.getMessage());
            assertTrue(e.getMessage().contains("epoch 3, batch 1"), e.getMessage());
            assertEquals(2, m.history().size());
            assertTrue(allFinite(m));
            assertArrayEquals(before.toFloatVector(), m.encode(x.getRows(0, 1)).mean().ravel().toFloatVector());
        }
    }
}
