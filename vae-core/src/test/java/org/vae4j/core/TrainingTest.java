package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingProgress;

class TrainingTest {
    private static final ModelConfig TOY = ModelConfig.builder(16).hidden(24).latentDim(3).build();
    private static final INDArray X = ToyData.binaryPrototypes(400, 16, 5, 1);

    private static List<EpochSummary> train(long seed, int epochs) {
        TrainingConfig tc = TrainingConfig.builder().epochs(epochs).batchSize(50).learningRate(3e-3).seed(seed).build();
        try (VaeModel m = Vae.create(TOY, tc)) {
            return Vae.train(m, ToyData.iterator(X, 50), ToyData.iterator(X, 100));
        }
    }

    @Test
    void elboImprovesOnToyData() {
        List<EpochSummary> h = train(5, 12);
        double first = h.get(0).elbo();
        double last = h.get(h.size() - 1).elbo();
        assertTrue(last > first + 3, "ELBO should rise by > 3 nats, went " + first + " → " + last);
        assertTrue(h.get(h.size() - 1).validationElbo() > h.get(0).validationElbo());
        EpochSummary e = h.get(h.size() - 1);
        assertEquals(e.elbo(), e.reconstruction() - e.kl(), 1e-3, "ELBO = reconstruction − KL (β = 1)");
    }

    @Test
    void sameSeedGivesSameTrajectoryAndDifferentSeedDoesNot() {
        List<EpochSummary> a = train(9, 3);
        List<EpochSummary> b = train(9, 3);
        List<EpochSummary> c = train(10, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(a.get(i).elbo(), b.get(i).elbo(), 0.0, "epoch " + (i + 1));
            assertEquals(a.get(i).validationElbo(), b.get(i).validationElbo(), 0.0);
        }
        assertNotEquals(a.get(2).elbo(), c.get(2).elbo());
    }

    @Test
    void fusedStepFollowsTheSameTrajectoryAsTheSameDiffGraph() {
        TrainingConfig tc = TrainingConfig.builder().epochs(3).batchSize(50).learningRate(3e-3).seed(8).samples(2).build();
        List<EpochSummary> fused;
        List<EpochSummary> graph;
        try (VaeModel m = Vae.create(TOY, tc)) {
            org.vae4j.core.train.Trainer t = new org.vae4j.core.train.Trainer(org.vae4j.core.train.Trainer.Engine.AUTO);
            assertTrue(t.usesFusedStep(m));
            fused = t.fit(m, ToyData.iterator(X, 50), ToyData.iterator(X, 100));
        }
        try (VaeModel m = Vae.create(TOY, tc)) {
            org.vae4j.core.train.Trainer t = new org.vae4j.core.train.Trainer(org.vae4j.core.train.Trainer.Engine.SAMEDIFF);
            assertTrue(!t.usesFusedStep(m));
            graph = t.fit(m, ToyData.iterator(X, 50), ToyData.iterator(X, 100));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(graph.get(i).elbo(), fused.get(i).elbo(), 1e-4 * Math.abs(graph.get(i).elbo()), "epoch " + (i + 1));
            assertEquals(graph.get(i).validationElbo(), fused.get(i).validationElbo(),
                    1e-4 * Math.abs(graph.get(i).validationElbo()));
        }
    }

    @Test
    void listenersSeeEveryBatchWithItsTerms() {
        TrainingConfig tc = TrainingConfig.builder().epochs(2).batchSize(50).seed(1).build();
        java.util.List<TrainingProgress> seen = new java.util.ArrayList<>();
        try (VaeModel m = Vae.create(TOY, tc)) {
            Vae.train(m, ToyData.iterator(X, 50), null, new org.vae4j.core.train.TrainingListener() {
                @Override
                public void onBatchEnd(TrainingProgress p) {
                    seen.add(p);
                }
            });
        }
        assertEquals(16, seen.size());
        TrainingProgress p = seen.get(3);
        assertTrue(Double.isFinite(p.loss()) && Double.isFinite(p.reconstruction()) && Double.isFinite(p.kl()));
        assertEquals(p.loss(), p.kl() - p.reconstruction(), 1e-4, "loss = KL − reconstruction");
    }

    @Test
    void savedModelGivesIdenticalOutputsAndResumesLikeAnUninterruptedRun(@TempDir Path dir) throws Exception {
        TrainingConfig tc4 = TrainingConfig.builder().epochs(4).batchSize(50).learningRate(3e-3).seed(21).build();
        List<EpochSummary> straight;
        try (VaeModel m = Vae.create(TOY, tc4)) {
            straight = Vae.train(m, ToyData.iterator(X, 50), null);
        }
        Path file = dir.resolve("model.vae");
        try (VaeModel m = Vae.create(TOY, tc4.toBuilder().epochs(2).build())) {
            Vae.train(m, ToyData.iterator(X, 50), null);
            m.setDataJson("{\"spec\":\"toy\"}");
            m.save(file);
            try (VaeModel loaded = Vae.load(file)) {
                INDArray probe = X.getRows(0, 1, 2);
                java.util.function.Function<INDArray, float[]> flat = a -> a.ravel().toFloatVector();
                assertArrayEquals(flat.apply(m.encode(probe).mean()), flat.apply(loaded.encode(probe).mean()));
                assertArrayEquals(flat.apply(m.reconstruct(probe)), flat.apply(loaded.reconstruct(probe)));
                assertArrayEquals(flat.apply(m.generate(3, 4)), flat.apply(loaded.generate(3, 4)));
                assertEquals("{\"spec\":\"toy\"}", loaded.dataJson());
                assertEquals(2, loaded.history().size());
                assertEquals(TOY, loaded.modelConfig());
            }
        }
        try (VaeModel resumed = Vae.load(file)) {
            resumed.setTrainingConfig(resumed.trainingConfig().toBuilder().epochs(4).build());
            List<EpochSummary> more = Vae.train(resumed, ToyData.iterator(X, 50), null);
            assertEquals(2, more.size());
            assertEquals(3, more.get(0).epoch());
            for (int i = 0; i < 2; i++) {
                assertEquals(straight.get(i + 2).elbo(), more.get(i).elbo(), 1e-4,
                        "epoch " + (i + 3) + " after resume vs uninterrupted");
            }
        }
    }

    @Test
    void divergenceStopsWithClearErrorAndKeepsLastGoodWeights() {
        TrainingConfig tc = TrainingConfig.builder().epochs(3).batchSize(50).learningRate(1e6).seed(2)
                .updater(org.vae4j.core.config.UpdaterType.SGD).build();
        ModelConfig gauss = ModelConfig.builder(16).hidden(24).latentDim(3).likelihood(Likelihood.GAUSSIAN)
                .varianceMode(VarianceMode.PER_EXAMPLE).build();
        try (VaeModel m = Vae.create(gauss, tc)) {
            INDArray before = m.encode(X.getRows(0, 1)).mean().ravel().dup();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> Vae.train(m, ToyData.iterator(ToyData.gaussian(400, 16, 3).muli(1000), 50), null));
            assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
            assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
            INDArray after = m.encode(X.getRows(0, 1)).mean().ravel();
            assertArrayEquals(before.toFloatVector(), after.toFloatVector(), "weights rolled back");
        }
    }

    @Test
    void gaussianDecoderTrainsOnContinuousData() {
        for (VarianceMode mode : VarianceMode.values()) {
            ModelConfig mc = ModelConfig.builder(16).hidden(32).latentDim(2).likelihood(Likelihood.GAUSSIAN)
                    .varianceMode(mode).build();
            TrainingConfig tc = TrainingConfig.builder().epochs(8).batchSize(100).learningRate(1e-2).seed(4).build();
            INDArray data = ToyData.gaussian(500, 16, 8);
            try (VaeModel m = Vae.create(mc, tc)) {
                List<EpochSummary> h = Vae.train(m, ToyData.iterator(data, 100), null);
                assertTrue(h.get(7).elbo() > h.get(0).elbo() + 2, mode + ": " + h.get(0).elbo() + " → " + h.get(7).elbo());
                INDArray sample = m.decodeSample(m.encode(data.getRows(0, 1)).mean(), 3);
                assertEquals(16, sample.columns());
            }
        }
    }
}
