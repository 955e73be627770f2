package org.vae4j.datasets;

import java.util.SplittableRandom;

/** A split of an in-memory matrix: the ids of its rows, and the labels of all rows (or none). */
final class MemoryRows implements RowSource {
    private final RowMatrix matrix;
    private final int[] ids;
    private final int[] labels;

    /**
     * @param ids the rows of the matrix in this split, in file order
     * @param labels labels of all matrix rows, or null
     */
    MemoryRows(RowMatrix matrix, int[] ids, int[] labels) {
        this.matrix = matrix;
        this.ids = ids;
        this.labels = labels;
    }

    @Override
    public int dim() {
        return matrix.dim();
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public long size() {
        return ids.length;
    }

    int[] labelsInOrder() {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = labels[ids[i]];
        }
        return out;
    }

    @Override
    public RowCursor open(boolean shuffle, long shuffleSeed) {
        int[] order = ids.clone();
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(shuffleSeed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new RowCursor() {
            private int position;
            private int current = -1;

            @Override
            public boolean hasNext() {
                return position < order.length;
            }

            @Override
            public long next(float[] dst, int offset) {
                current = order[position++];
                matrix.copyRow(current, dst, offset);
                return current;
            }

            @Override
            public int label() {
                return labels == null || current < 0 ? -1 : labels[current];
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
