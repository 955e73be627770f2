package org.vae4j.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training iterator that can also write a minibatch's features into an array the caller owns,
 * so that reading a minibatch allocates nothing. {@link Trainer} keeps two such arrays and
 * alternates them (one holds the minibatch being trained on while the next is read into the
 * other) when its fused step trains a float model; otherwise it calls {@code next()}.
 *
 * <p>Why: a new [512, 784] float array per minibatch cost ~0.5 ms of the ~2 ms it took to read one
 * (a Java array large enough for the garbage collector to treat it as humongous, plus native
 * memory), on the thread that also takes half of the step's products.
 */
public interface FeatureBatches {
    /**
     * Writes the features of the minibatch {@code next()} would return (the same rows, values and
     * order) into the first rows of {@code dst}, and moves past it as {@code next()} would.
     *
     * @param dst a float array [R, D] with R at least the minibatch size, c-order, not a view
     * @return the number of rows written (the minibatch size, fewer at the end of an epoch), or
     *         −1, without moving, when this iterator cannot write into {@code dst} (another type or
     *         shape, or a preprocessor that works on whole DataSets): call {@code next()} then
     * @throws java.util.NoSuchElementException when the epoch is over
     */
    int nextFeaturesInto(INDArray dst);
}
