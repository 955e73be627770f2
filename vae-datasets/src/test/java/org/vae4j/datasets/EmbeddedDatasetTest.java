package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class EmbeddedDatasetTest {
    private static final DataOptions OPTIONS = DataOptions.defaults().withSearch(SearchOptions.none());

    @Test
    void embeddedDefaultLoadsTenThousandLabelledDigits() {
        LoadedDataset ds = Datasets.loadDefault();
        assertEquals("mnist-10k", ds.name());
        assertEquals(784, ds.inputDim());
        assertArrayEquals(new int[] {28, 28}, ds.imageShape().orElseThrow());
        assertTrue(ds.hasLabels());
        assertEquals(10, ds.numClasses());
        assertEquals(8000, ds.split(Split.TRAIN).size());
        assertEquals(1000, ds.split(Split.VALIDATION).size());
        assertEquals(1000, ds.split(Split.TEST).size());
        assertEquals(Split.TEST, ds.evaluationSplit());
        assertEquals(Normalization.PIXELS, ds.preprocessing().normalization());
        assertEquals(List.of("classpath:" + NamedDataset.EMBEDDED_IMAGES, "classpath:" + NamedDataset.EMBEDDED_LABELS),
                ds.sources());
    }

    @Test
    void splitsPartitionTheTenThousandExamples() {
        LoadedDataset ds = Datasets.load(DataSpec.DEFAULT, OPTIONS);
        double pixelSum = 0;
        long labelSum = 0;
        for (DataSplit s : ds.splits()) {
            Examples all = s.head(10_000);
            assertEquals(s.size(), all.size());
            pixelSum += all.features().castTo(DataType.DOUBLE).sumNumber().doubleValue();
            for (int l : all.labels().orElseThrow()) {
                labelSum += l;
            }
        }
        // independently computed with python3: sum of the first 10,000 MNIST training images / labels
        assertEquals(262_146_600.0 / 255, pixelSum, 1.0);
        assertEquals(44_368L, labelSum);
    }

    @Test
    void iteratorGivesFloatBatchesWithOneHotLabels() {
        LoadedDataset ds = Datasets.load(DataSpec.DEFAULT, OPTIONS);
        VaeDataSetIterator it = ds.split(Split.TRAIN).iterator(128, 7);
        assertEquals(784, it.inputColumns());
        assertEquals(10, it.totalOutcomes());
        DataSet batch = it.next();
        assertArrayEquals(new long[] {128, 784}, batch.getFeatures().shape());
        assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
        assertArrayEquals(new long[] {128, 10}, batch.getLabels().shape());
        assertEquals(128.0, batch.getLabels().sumNumber().doubleValue());
        assertTrue(batch.getFeatures().minNumber().doubleValue() >= 0);
        assertTrue(batch.getFeatures().maxNumber().doubleValue() <= 1);
        int batches = 1;
        long seen = 128;
        while (it.hasNext()) {
            seen += it.next().numExamples();
            batches++;
        }
        assertEquals(8000, seen);
        assertEquals(63, batches);
    }

    @Test
    void carvedTestSplitDoesNotDependOnTheSplitSeed() {
        LoadedDataset a = Datasets.load(DataSpec.DEFAULT, OPTIONS);
        LoadedDataset b = Datasets.load(DataSpec.DEFAULT, OPTIONS.withSplitSeed(99));
        assertEquals(a.split(Split.TEST).head(1000).features(), b.split(Split.TEST).head(1000).features());
        assertNotEquals(a.split(Split.VALIDATION).head(1000).features(),
                b.split(Split.VALIDATION).head(1000).features());
    }
}
