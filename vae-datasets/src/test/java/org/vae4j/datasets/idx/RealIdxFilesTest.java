package org.vae4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.vae4j.datasets.SharedData;

/**
 * Reads the real MNIST / Fashion-MNIST files of ../shared/datasets (skipped where absent). The
 * expected numbers were computed independently with python3 (gzip + struct): sums over all uint8
 * pixel values, first labels, label sums.
 */
class RealIdxFilesTest {

    private static long pixelSum(IdxFile f) {
        long sum = 0;
        var data = f.data();
        while (data.hasRemaining()) {
            sum += data.get() & 0xFF;
        }
        return sum;
    }

    private static long labelSum(int[] labels) {
        long s = 0;
        for (int l : labels) {
            s += l;
        }
        return s;
    }

    @Test
    void readsMnistTrainingSetInOneBulkRead() {
        Path dir = SharedData.datasetDir("mnist");
        long start = System.nanoTime();
        IdxFile images = IdxFile.read(dir.resolve("train-images-idx3-ubyte.gz"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(IdxType.UINT8, images.type());
        assertArrayEquals(new int[] {60000, 28, 28}, images.dims());
        assertEquals(1_567_298_545L, pixelSum(images));
        // decompressing the 47 MB takes ~0.3 s here; generous bound for a loaded machine
        assertTrue(millis < 5000, "reading 60,000 images took " + millis + " ms");

        int[] labels = IdxFile.read(dir.resolve("train-labels-idx1-ubyte.gz")).toIntArray();
        assertEquals(60000, labels.length);
        assertEquals(5, labels[0]);
        assertEquals(267_236L, labelSum(labels));
    }

    @Test
    void readsMnistTestSetThroughTheRecordReader() {
        Path dir = SharedData.datasetDir("mnist");
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        long pixels = 0;
        long labels = 0;
        int n = 0;
        int first = -1;
        while (reader.hasNext()) {
            List<Writable> r = reader.next();
            for (int k = 0; k < 784; k++) {
                pixels += r.get(k).toInt();
            }
            int label = r.get(784).toInt();
            if (n == 0) {
                first = label;
            }
            labels += label;
            n++;
        }
        reader.close();
        assertEquals(10000, n);
        assertEquals(7, first);
        assertEquals(264_923_200L, pixels);
        assertEquals(44_434L, labels);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), reader.getLabels());
    }

    @Test
    void readsFashionMnist() {
        Path dir = SharedData.datasetDir("fashion-mnist");
        IdxFile train = IdxFile.read(dir.resolve("train-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {60000, 28, 28}, train.dims());
        assertEquals(3_431_114_169L, pixelSum(train));
        int[] trainLabels = IdxFile.read(dir.resolve("train-labels-idx1-ubyte.gz")).toIntArray();
        assertEquals(9, trainLabels[0]);
        assertEquals(270_000L, labelSum(trainLabels));

        IdxFile test = IdxFile.read(dir.resolve("t10k-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {10000, 28, 28}, test.dims());
        assertEquals(573_469_082L, pixelSum(test));
        int[] testLabels = IdxFile.read(dir.resolve("t10k-labels-idx1-ubyte.gz")).toIntArray();
        assertEquals(9, testLabels[0]);
        assertEquals(45_000L, labelSum(testLabels));
    }

    @Test
    void embeddedSubsetEqualsTheFirstTenThousandMnistTrainingExamples() throws IOException {
        Path dir = SharedData.datasetDir("mnist");
        IdxFile embedded;
        try (InputStream in = RealIdxFilesTest.class.getResourceAsStream(
                "/org/vae4j/datasets/embedded/mnist-10k-images-idx3-ubyte.gz")) {
            embedded = IdxFile.read(in, "embedded");
        }
        IdxFile full = IdxFile.read(dir.resolve("train-images-idx3-ubyte.gz"));
        assertEquals(full.data().limit(10000 * 784), embedded.data());
        assertEquals(262_146_600L, pixelSum(embedded));
    }
}
