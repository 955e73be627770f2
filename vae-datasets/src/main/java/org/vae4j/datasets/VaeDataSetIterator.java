package org.vae4j.datasets;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.train.FeatureBatches;

/**
 * A DL4J {@link DataSetIterator} over one split: batches of preprocessed features, float32 of
 * shape [batch, inputDim] (images flattened row-major), the last batch possibly smaller.
 *
 * <p>Labels, where the dataset has them, are the {@link DataSet}'s labels as one-hot rows
 * [batch, numClasses]; without labels the DataSet's labels are null. {@link #nextBatch()} returns
 * the integer labels directly.
 *
 * <p>Shuffling and dynamic binarization are seeded: epoch {@code e} visits the rows in an order
 * drawn from (seed, e), so the same seed gives the same batches. The iterator starts at epoch 0;
 * {@link #reset()} moves to the next epoch, {@link #resetTo(int)} to a given one (when resuming
 * training). In-memory splits are copied straight from the stored rows; streamed CSV splits are
 * re-read from disk each epoch.
 */
public final class VaeDataSetIterator implements DataSetIterator, FeatureBatches {
    private static final long serialVersionUID = 1L;

    private final transient RowSource source;
    private final RowTransform transform;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int numClasses;
    private final List<String> labelNames;
    private DataSetPreProcessor preProcessor;
    private int epoch;
    private transient RowSource.RowCursor cursor;
    /** The rows of {@link #nextFeaturesInto}'s minibatches, kept between calls. */
    private transient float[] rows;

    VaeDataSetIterator(RowSource source, RowTransform transform, int batchSize, long seed, boolean shuffle,
            int numClasses, List<String> labelNames) {
        if (batchSize < 1) {
            throw new DatasetException("batch size must be ≥ 1, found " + batchSize);
        }
        this.source = source;
        this.transform = transform;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.numClasses = numClasses;
        this.labelNames = labelNames;
    }

    private RowSource.RowCursor cursor() {
        if (cursor == null) {
            cursor = source.open(shuffle, Seeds.mix(seed, epoch));
        }
        return cursor;
    }

    /** @return the epoch the iterator is in (0 before the first reset) */
    public int epoch() {
        return epoch;
    }

    /** Starts the next epoch: a new order (and new dynamic binarization) drawn from seed and epoch. */
    @Override
    public void reset() {
        resetTo(epoch + 1);
    }

    /** Starts epoch {@code e}, exactly as a fresh iterator reset {@code e} times would. */
    public void resetTo(int e) {
        if (e < 0) {
            throw new DatasetException("epoch must be ≥ 0, found " + e);
        }
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        epoch = e;
    }

    @Override
    public boolean hasNext() {
        return cursor().hasNext();
    }

    /**
     * @return the next batch as features and integer labels
     * @throws NoSuchElementException at the end of the epoch
     */
    public Examples nextBatch() {
        return nextBatch(batchSize);
    }

    private Examples nextBatch(int size) {
        int dim = source.dim();
        // a batch-sized Java array, copied into the batch's native memory at the end. Writing the
        // rows straight into native memory was ~0.7 ms faster per 512 rows, but left the Java heap
        // so little garbage that the garbage collector, which also frees ND4J's arrays, hardly ran:
        // a training loop without per-epoch collections grew ~50 MB of resident memory per second
        // (session 5). The trainer avoids both allocations through nextFeaturesInto.
        float[] buf = new float[size * dim];
        int[] labels = source.hasLabels() ? new int[size] : null;
        int n = fill(buf, labels, size);
        if (n < size && labels != null) {
            labels = Arrays.copyOf(labels, n);
        }
        INDArray features = NdArrays.matrix(buf, n, dim);
        return new Examples(features, Optional.ofNullable(labels));
    }

    /** The next minibatch's rows (and labels, when {@code labels} is not null) into the arrays; returns their count. */
    private int fill(float[] buf, int[] labels, int size) {
        RowSource.RowCursor c = cursor();
        if (!c.hasNext()) {
            throw new NoSuchElementException("the epoch is over; call reset() to start the next one");
        }
        int dim = source.dim();
        int n = 0;
        while (n < size && c.hasNext()) {
            long id = c.next(buf, n * dim);
            transform.apply(buf, n * dim, id, seed, epoch);
            if (labels != null) {
                labels[n] = c.label();
            }
            n++;
        }
        return n;
    }

    /**
     * The next minibatch's features, as {@link #next()} would give them, written into {@code dst}
     * through one Java array this iterator keeps (no arrays allocated per minibatch); −1 when a
     * preprocessor is set or {@code dst} is not a float [R ≥ batch, dim] c-order array of its own.
     */
    @Override
    public int nextFeaturesInto(INDArray dst) {
        int dim = source.dim();
        if (preProcessor != null || dst == null || dst.dataType() != DataType.FLOAT || dst.rank() != 2
                || dst.columns() != dim || dst.rows() < batchSize || dst.ordering() != 'c' || dst.isView()) {
            return -1;
        }
        int size = batchSize * dim;
        if (rows == null || rows.length < size) {
            rows = new float[size];
        }
        int n = fill(rows, null, batchSize);
        dst.data().asNioFloat().put(rows, 0, n * dim);
        return n;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        Examples batch = nextBatch(num);
        INDArray oneHot = batch.labels().map(this::oneHot).orElse(null);
        DataSet ds = new DataSet(batch.features(), oneHot);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    private INDArray oneHot(int[] labels) {
        float[] data = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            data[i * numClasses + labels[i]] = 1f;
        }
        return NdArrays.matrix(data, labels.length, numClasses);
    }

    @Override
    public int inputColumns() {
        return source.dim();
    }

    /** @return the number of classes, 0 for an unlabelled dataset */
    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /**
     * @return true: a batch may be made on another thread than the one that made the previous
     *     one (vae4j's trainer reads the next batch on its partner thread while it computes a step)
     */
    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** @return the class names ("0".."9" for MNIST, clothing names for Fashion-MNIST), empty without labels */
    @Override
    public List<String> getLabels() {
        return labelNames;
    }
}
