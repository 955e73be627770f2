package org.vae4j.datasets;

import org.vae4j.datasets.idx.IdxFile;

/** Rows of raw values held in memory. */
interface RowMatrix {
    int dim();

    int rows();

    void copyRow(int row, float[] dst, int offset);

    /** The examples of an IDX file, kept in their compact form (one byte per uint8 pixel). */
    static RowMatrix of(IdxFile file) {
        return new RowMatrix() {
            private final int dim = file.exampleSize();

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int rows() {
                return file.count();
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                file.copyExample(row, dst, offset);
            }
        };
    }

    /** Rows stored row-major in a float array. */
    static RowMatrix of(float[] data, int dim, int rows) {
        return new RowMatrix() {
            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int rows() {
                return rows;
            }

            @Override
            public void copyRow(int row, float[] dst, int offset) {
                System.arraycopy(data, row * dim, dst, offset, dim);
            }
        };
    }
}
