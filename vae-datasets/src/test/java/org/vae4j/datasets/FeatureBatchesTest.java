package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;

/**
 * {@link VaeDataSetIterator#nextFeaturesInto}: the minibatches {@code next()} gives, written into
 * the caller's array, and training through it (the trainer's two alternating buffers) equal to
 * training through {@code next()}.
 */
class FeatureBatchesTest {
    private static final DataOptions OPTIONS = DataOptions.defaults().withSearch(SearchOptions.none());

    private static VaeDataSetIterator iterator(int batch) {
        return Datasets.load(DataSpec.DEFAULT, OPTIONS).split(Split.TRAIN).iterator(batch, 7);
    }

    @Test
    void writesTheMinibatchesNextGivesInTheirOrderOverEpochs() {
        VaeDataSetIterator viaNext = iterator(300);                   // 8000 rows: 26 of 300, then 200
        VaeDataSetIterator viaInto = iterator(300);
        INDArray dst = Nd4j.create(DataType.FLOAT, 300, 784);
        for (int epoch = 0; epoch < 2; epoch++) {
            int batches = 0;
            while (viaNext.hasNext()) {
                assertTrue(viaInto.hasNext());
                INDArray expected = viaNext.next().getFeatures();
                int n = viaInto.nextFeaturesInto(dst);
                assertEquals(expected.rows(), n);
                INDArray got = dst.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
                assertArrayEquals(expected.data().asFloat(), got.data().asFloat(), 0f, "epoch " + epoch + " batch " + batches);
                batches++;
            }
            assertEquals(27, batches);
            assertFalse(viaInto.hasNext());
            assertThrows(NoSuchElementException.class, () -> viaInto.nextFeaturesInto(dst));
            viaNext.reset();
            viaInto.reset();
        }
    }

    @Test
    void refusesArraysItCannotFillWithoutMoving() {
        VaeDataSetIterator it = iterator(100);
        INDArray first = iterator(100).next().getFeatures();
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.DOUBLE, 100, 784)));
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.FLOAT, 99, 784)));
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.FLOAT, 100, 783)));
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.FLOAT, 200, 784)
                .get(NDArrayIndex.interval(100, 200), NDArrayIndex.all())));
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.FLOAT, 100, 784).reshape('f', 100, 784).dup('f')));
        it.setPreProcessor((DataSetPreProcessor) ds -> { });
        assertEquals(-1, it.nextFeaturesInto(Nd4j.create(DataType.FLOAT, 100, 784)), "a preprocessor needs next()");
        assertArrayEquals(first.data().asFloat(), it.next().getFeatures().data().asFloat(), 0f, "nothing was consumed");
    }

    @Test
    void trainingThroughTheBuffersEqualsTrainingThroughNext() {
        // batches of 300 end each epoch with 200 rows: the trainer then steps on a view of a buffer
        TrainingConfig tc = TrainingConfig.builder().epochs(2).batchSize(300).learningRate(1e-3).seed(5).build();
        ModelConfig mc = ModelConfig.builder(784).hidden(32).latentDim(4).build();
        try (VaeModel buffered = Vae.create(mc, tc); VaeModel plain = Vae.create(mc, tc)) {
            Vae.train(buffered, iterator(300), null);
            Vae.train(plain, new OnlyNext(iterator(300)), null);
            Map<String, INDArray> a = buffered.snapshot().params();
            Map<String, INDArray> b = plain.snapshot().params();
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(b.get(name).data().asFloat(), a.get(name).data().asFloat(), 0f, name);
            }
            assertEquals(terms(plain), terms(buffered), "the same ELBO terms in every epoch");
        }
    }

    private static List<List<Double>> terms(VaeModel m) {
        return m.history().stream().map(s -> List.of(s.elbo(), s.reconstruction(), s.kl())).toList();
    }

    /** A DataSetIterator that is not a FeatureBatches: the trainer reads it through next(). */
    private static final class OnlyNext implements DataSetIterator {
        private final VaeDataSetIterator it;

        OnlyNext(VaeDataSetIterator it) {
            this.it = it;
        }

        @Override
        public DataSet next(int num) {
            return it.next(num);
        }

        @Override
        public int inputColumns() {
            return it.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return it.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return it.resetSupported();
        }

        @Override
        public boolean asyncSupported() {
            return it.asyncSupported();
        }

        @Override
        public void reset() {
            it.reset();
        }

        @Override
        public int batch() {
            return it.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            it.setPreProcessor(preProcessor);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return it.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return it.getLabels();
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public DataSet next() {
            return it.next();
        }
    }
}
