package org.vae4j.datasets;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Streams every row of a CSV file through {@link VaeDataSetIterator}s and prints how many rows it
 * saw and their sum. Run by {@link StreamingCsvMemoryTest} in a JVM with a heap far smaller than
 * the data.
 */
public final class StreamingCsvMain {
    private StreamingCsvMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        LoadedDataset ds = Datasets.load(DataSpec.parse("csv:" + Path.of(args[0]) + "?stream=true"),
                DataOptions.defaults().withSearch(SearchOptions.none()).withShuffleBufferRows(2000));
        long loaded = System.nanoTime();
        long rows = 0;
        double sum = 0;
        for (DataSplit split : ds.splits()) {
            VaeDataSetIterator it = split.iterator(4096, 1);
            while (it.hasNext()) {
                Examples batch = it.nextBatch();
                rows += batch.size();
                sum += batch.features().castTo(DataType.DOUBLE).sumNumber().doubleValue();
            }
        }
        System.out.println("rows=" + rows + " sum=" + (long) sum + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " loadMs=" + (loaded - start) / 1_000_000 + " epochMs=" + (System.nanoTime() - loaded) / 1_000_000);
    }
}
