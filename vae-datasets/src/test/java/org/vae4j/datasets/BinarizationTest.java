package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BinarizationTest {
    private static final DataOptions BASE = DataOptions.defaults().withSearch(SearchOptions.none());
    private static INDArray pixels;

    @BeforeAll
    static void loadPixels() {
        pixels = Datasets.load(DataSpec.DEFAULT, BASE).split(Split.TRAIN).orderedIterator(8000).nextBatch().features();
    }

    private static INDArray epoch(VaeDataSetIterator it, int epoch) {
        it.resetTo(epoch);
        return it.nextBatch().features();
    }

    private static LoadedDataset load(Binarization b) {
        return Datasets.load(DataSpec.DEFAULT, BASE.withBinarization(b));
    }

    private static double mean(INDArray a) {
        return a.castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    private static void assertBinary(INDArray a) {
        // x (1 - x) is 0 exactly for 0 and 1
        assertEquals(0.0, a.mul(a.rsub(1)).castTo(DataType.DOUBLE).sumNumber().doubleValue(), "values other than 0 and 1");
    }

    @Test
    void dynamicBinarizationKeepsThePixelMeanAndChangesEveryEpoch() {
        VaeDataSetIterator it = load(Binarization.DYNAMIC).split(Split.TRAIN).orderedIterator(8000);
        INDArray first = epoch(it, 0);
        INDArray second = epoch(it, 1);
        assertBinary(first);
        // 6.3 million Bernoulli draws: the mean is within ~0.0004 (2 sd) of the pixel mean
        assertEquals(mean(pixels), mean(first), 0.002);
        assertEquals(mean(pixels), mean(second), 0.002);
        double changed = mean(first.neq(second).castTo(DataType.DOUBLE));
        assertTrue(changed > 0.02, "fraction of pixels that changed between epochs: " + changed);
    }

    @Test
    void dynamicBinarizationIsDeterminedByTheIteratorSeed() {
        DataSplit train = load(Binarization.DYNAMIC).split(Split.TRAIN);
        VaeDataSetIterator a = train.iterator(64, 5);
        VaeDataSetIterator b = train.iterator(64, 5);
        VaeDataSetIterator c = train.iterator(64, 6);
        for (int epoch = 0; epoch < 2; epoch++) {
            INDArray fa = a.next().getFeatures();
            assertEquals(fa, b.next().getFeatures());
            assertNotEquals(fa, c.next().getFeatures());
            a.reset();
            b.reset();
            c.reset();
        }
    }

    @Test
    void staticBinarizationIsFixedAcrossEpochsAndSeededByTheOptions() {
        VaeDataSetIterator it = load(Binarization.STATIC).split(Split.TRAIN).orderedIterator(8000);
        INDArray first = epoch(it, 0);
        assertBinary(first);
        assertEquals(first, epoch(it, 3));
        assertEquals(mean(pixels), mean(first), 0.002);
        INDArray otherSeed = Datasets.load(DataSpec.DEFAULT, BASE.withBinarization(Binarization.STATIC).withSeed(7))
                .split(Split.TRAIN).orderedIterator(8000).nextBatch().features();
        assertNotEquals(first, otherSeed);
    }

    @Test
    void thresholdBinarizationCutsAtOneHalf() {
        INDArray binary = load(Binarization.THRESHOLD).split(Split.TRAIN).orderedIterator(8000).nextBatch().features();
        assertEquals(pixels.gt(0.5).castTo(DataType.FLOAT), binary);
    }

    @Test
    void heldOutSplitsAreBinarizedOnceWithAFixedSeed() {
        DataSplit dynamicTest = load(Binarization.DYNAMIC).split(Split.TEST);
        DataSplit staticTest = Datasets.load(DataSpec.DEFAULT, BASE.withBinarization(Binarization.STATIC).withSeed(123))
                .split(Split.TEST);
        VaeDataSetIterator it = dynamicTest.orderedIterator(1000);
        INDArray first = epoch(it, 0);
        assertBinary(first);
        assertEquals(first, epoch(it, 5));
        // a shuffled iterator with any seed holds the same binarized rows: compare order-free column sums
        assertEquals(first.sum(0), dynamicTest.iterator(1000, 99).nextBatch().features().sum(0));
        assertEquals(first, staticTest.orderedIterator(1000).nextBatch().features());
    }

    @Test
    void binarizationRejectsDataOutsideTheUnitInterval() {
        DataOptions opts = BASE.withBinarization(Binarization.DYNAMIC).withNormalization(Normalization.NONE);
        String m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.DEFAULT, opts)).getMessage();
        assertTrue(m.startsWith("mnist-10k: binarization DYNAMIC needs values in [0, 1] after scaling, but the"
                + " training data spans [0.0, 255.0] after normalization NONE"), m);
        assertTrue(m.contains("choose normalization MINMAX (or PIXELS for 0-255 data), or binarization NONE"), m);
    }

    @Test
    void shufflingIsSeededAndChangesWithTheEpoch() {
        DataSplit train = Datasets.load(DataSpec.DEFAULT, BASE).split(Split.TRAIN);
        VaeDataSetIterator a = train.iterator(100, 1);
        VaeDataSetIterator b = train.iterator(100, 1);
        int[] a0 = a.nextBatch().labels().orElseThrow();
        assertEquals(java.util.Arrays.toString(a0), java.util.Arrays.toString(b.nextBatch().labels().orElseThrow()));
        a.reset();
        INDArray a1 = a.nextBatch().features();
        VaeDataSetIterator fresh = train.iterator(100, 1);
        fresh.resetTo(1);
        assertEquals(a1, fresh.nextBatch().features());
        assertNotEquals(train.iterator(100, 1).nextBatch().features(), a1);
        assertNotEquals(train.orderedIterator(100).nextBatch().features(), a1);
    }
}
