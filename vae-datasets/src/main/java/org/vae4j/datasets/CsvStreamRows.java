package org.vae4j.datasets;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.vae4j.datasets.csv.CsvFormat;
import org.vae4j.datasets.csv.CsvRowReader;

/**
 * One split of a CSV file read from disk on every pass: memory is bounded by the shuffle buffer
 * ({@code bufferRows} rows), whatever the size of the file. Shuffling is approximate, as in
 * tf.data: each row emitted is drawn at random from the buffer, and its slot refilled from the file.
 */
final class CsvStreamRows implements RowSource {
    private final Path file;
    private final CsvFormat format;
    private final SplitPlan plan;
    private final Split split;
    private final int dim;
    private final int bufferRows;
    private int maxBuffered;

    CsvStreamRows(Path file, CsvFormat format, SplitPlan plan, Split split, int dim, int bufferRows) {
        this.file = file;
        this.format = format;
        this.plan = plan;
        this.split = split;
        this.dim = dim;
        this.bufferRows = bufferRows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public boolean hasLabels() {
        return format.labelColumn().isPresent();
    }

    @Override
    public long size() {
        return plan.count(split);
    }

    /** @return the most rows any pass has held at once (for tests of bounded memory) */
    int maxBuffered() {
        return maxBuffered;
    }

    @Override
    public RowCursor open(boolean shuffle, long shuffleSeed) {
        return new Cursor(shuffle ? bufferRows : 1, new SplittableRandom(shuffleSeed));
    }

    private final class Cursor implements RowCursor {
        private final CsvRowReader reader = CsvRowReader.open(file, format);
        private final SplitPlan.Assigner assigner = plan.assigner();
        private final SplittableRandom rng;
        private final float[] values;
        private final long[] ids;
        private final int[] labels;
        private long fileRow;
        private int count;
        private int label = -1;

        Cursor(int capacity, SplittableRandom rng) {
            this.rng = rng;
            this.values = new float[capacity * dim];
            this.ids = new long[capacity];
            this.labels = new int[capacity];
            while (count < capacity && readInto(count)) {
                count++;
            }
            maxBuffered = Math.max(maxBuffered, count);
        }

        /** Reads the next row of this split from the file into a slot; false at the end of the file. */
        private boolean readInto(int slot) {
            while (reader.next(values, slot * dim)) {
                long id = fileRow++;
                if (assigner.next() == split) {
                    ids[slot] = id;
                    labels[slot] = reader.label();
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean hasNext() {
            return count > 0;
        }

        @Override
        public long next(float[] dst, int offset) {
            int slot = count == 1 ? 0 : rng.nextInt(count);
            System.arraycopy(values, slot * dim, dst, offset, dim);
            long id = ids[slot];
            label = labels[slot];
            if (!readInto(slot)) {
                count--;
                if (slot != count) {
                    System.arraycopy(values, count * dim, values, slot * dim, dim);
                    ids[slot] = ids[count];
                    labels[slot] = labels[count];
                }
            }
            return id;
        }

        @Override
        public int label() {
            return label;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
