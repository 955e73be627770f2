package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.Trainer;
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
    void readingTheNextBatchBesideTheStepChangesNothingButTheThread() {
        TrainingConfig tc = TrainingConfig.builder().epochs(2).batchSize(50).learningRate(3e-3).seed(4).build();
        Recording sequential = new Recording(ToyData.iterator(X, 50), false, -1);
        Recording beside = new Recording(ToyData.iterator(X, 50), true, -1);
        INDArray[] weights = new INDArray[2];
        List<List<EpochSummary>> runs = new ArrayList<>();
        int i = 0;
        for (Recording it : List.of(sequential, beside)) {
            try (VaeModel m = Vae.create(TOY, tc)) {
                assertTrue(new Trainer().usesFusedStep(m));
                runs.add(Vae.train(m, it, null));
                weights[i++] = m.graph().getArrForVarName("enc_W0").dup();
            }
        }
        assertEquals(weights[0], weights[1], "same weights, bit for bit");
        for (int e = 0; e < 2; e++) {
            assertEquals(runs.get(0).get(e).elbo(), runs.get(1).get(e).elbo(), 0.0, "epoch " + (e + 1));
        }
        assertEquals(sequential.calls, beside.calls, "the same batches were read");
        assertTrue(sequential.threads.equals(Set.of(Thread.currentThread().getName())), sequential.threads.toString());
        if (Runtime.getRuntime().availableProcessors() >= 2) {
            assertTrue(beside.threads.contains("vae4j-partner"), "read on the partner: " + beside.threads);
        }
    }

    @Test
    void aFailureReadingTheNextBatchBesideTheStepIsThrownAsItIs() {
        TrainingConfig tc = TrainingConfig.builder().epochs(1).batchSize(50).seed(4).build();
        try (VaeModel m = Vae.create(TOY, tc)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Vae.train(m, new Recording(ToyData.iterator(X, 50), true, 3), null));
            assertEquals("unreadable batch 3", e.getMessage());
        }
    }

    /** Delegates, records which threads called next(), and can fail on one call. */
    private static final class Recording implements DataSetIterator {
        private final DataSetIterator in;
        private final boolean async;
        private final int failAt;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        int calls;

        Recording(DataSetIterator in, boolean async, int failAt) {
            this.in = in;
            this.async = async;
            this.failAt = failAt;
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public DataSet next() {
            threads.add(Thread.currentThread().getName());
            if (++calls == failAt) {
                throw new IllegalStateException("unreadable batch " + calls);
            }
            return in.next();
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public int inputColumns() {
            return in.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return in.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return async;
        }

        @Override
        public void reset() {
            in.reset();
        }

        @Override
        public int batch() {
            return in.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor p) {
            in.setPreProcessor(p);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return in.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return in.getLabels();
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
