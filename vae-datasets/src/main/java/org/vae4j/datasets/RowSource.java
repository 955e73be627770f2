package org.vae4j.datasets;

/** The raw rows of one split, readable again and again (in memory, or re-read from a file). */
interface RowSource {
    /** @return values per row */
    int dim();

    /** @return whether rows carry integer labels */
    boolean hasLabels();

    /** @return the number of rows */
    long size();

    /**
     * Starts a pass over the rows.
     *
     * @param shuffle whether to visit the rows in a random order
     * @param shuffleSeed the seed of that order
     */
    RowCursor open(boolean shuffle, long shuffleSeed);

    /** One pass over the rows of a {@link RowSource}. */
    interface RowCursor extends AutoCloseable {
        boolean hasNext();

        /**
         * Copies the next row's raw values into {@code dst} from {@code offset}.
         *
         * @return the row's id: its index in the file it came from, stable across passes
         */
        long next(float[] dst, int offset);

        /** @return the label of the row last returned, or -1 without labels */
        int label();

        @Override
        void close();
    }
}
