package org.vae4j.datasets;

import java.util.List;
import java.util.Optional;

/**
 * One split of a loaded dataset (train, validation or test): its size, iterators over preprocessed
 * batches, and its first examples for pictures.
 */
public final class DataSplit {
    private final Split split;
    private final RowSource rows;
    private final RowTransform transform;
    private final int numClasses;
    private final List<String> labelNames;

    DataSplit(Split split, RowSource rows, RowTransform transform, int numClasses, List<String> labelNames) {
        this.split = split;
        this.rows = rows;
        this.transform = transform;
        this.numClasses = numClasses;
        this.labelNames = labelNames;
    }

    /** @return which split this is */
    public Split split() {
        return split;
    }

    /** @return the number of examples */
    public long size() {
        return rows.size();
    }

    /** @return values per example */
    public int inputDim() {
        return rows.dim();
    }

    /** @return whether the examples have integer labels */
    public boolean hasLabels() {
        return rows.hasLabels();
    }

    /** @return whether the examples stay in memory (false: a CSV file re-read on every pass) */
    public boolean inMemory() {
        return rows instanceof MemoryRows;
    }

    /**
     * An iterator visiting the examples in a seeded random order that changes every epoch (each
     * {@link VaeDataSetIterator#reset()}); dynamic binarization is seeded from {@code seed} too.
     *
     * @param batchSize examples per batch (the last batch may be smaller)
     */
    public VaeDataSetIterator iterator(int batchSize, long seed) {
        return new VaeDataSetIterator(rows, transform, batchSize, seed, true, numClasses, labelNames);
    }

    /** An iterator visiting the examples in file order (for evaluation and encoding). */
    public VaeDataSetIterator orderedIterator(int batchSize) {
        return new VaeDataSetIterator(rows, transform, batchSize, 0, false, numClasses, labelNames);
    }

    /**
     * The first {@code n} examples in file order (fewer if the split is smaller), preprocessed as
     * the first epoch sees them: for reconstruction grids and latent-space plots.
     */
    public Examples head(int n) {
        if (n < 1) {
            throw new DatasetException("head(n) needs n ≥ 1, found " + n);
        }
        int size = (int) Math.min(n, rows.size());
        if (size == 0) {
            throw new DatasetException("the " + split + " split is empty; there are no examples to show");
        }
        return orderedIterator(size).nextBatch();
    }

    /** @return the labels of all examples in file order, or empty for an unlabelled dataset */
    public Optional<int[]> labels() {
        if (!rows.hasLabels()) {
            return Optional.empty();
        }
        if (rows instanceof MemoryRows m) {
            return Optional.of(m.labelsInOrder());
        }
        int[] out = new int[Math.toIntExact(rows.size())];
        float[] scratch = new float[rows.dim()];
        try (RowSource.RowCursor c = rows.open(false, 0)) {
            for (int i = 0; c.hasNext(); i++) {
                c.next(scratch, 0);
                out[i] = c.label();
            }
        }
        return Optional.of(out);
    }

    RowSource rows() {
        return rows;
    }

    @Override
    public String toString() {
        return split + " (" + size() + " examples" + (inMemory() ? "" : ", streamed") + ")";
    }
}
