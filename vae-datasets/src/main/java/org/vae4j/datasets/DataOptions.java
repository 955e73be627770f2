package org.vae4j.datasets;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How to load a dataset: preprocessing choices, seeds, the validation split, where to look for
 * named datasets and when to stream CSV files. Start from {@link #defaults()} and change fields with
 * the {@code with…} methods.
 *
 * @param binarization binarization of the [0, 1] data (default NONE)
 * @param normalization scaling; empty means the data's default: PIXELS (÷255) for uint8 IDX images,
 *     NONE for everything else (CSV data is used as given unless asked)
 * @param seed seeds static binarization of the training split (iterators take their own seed)
 * @param validationFraction fraction of the training data held out for validation; empty means the
 *     dataset's default (5,000 of 60,000 for MNIST and Fashion-MNIST, 1,000 of mnist-10k's 10,000,
 *     10% otherwise)
 * @param splitSeed seeds which examples go to validation (kept fixed by default so validation sets
 *     stay comparable across runs)
 * @param search where named datasets are looked for
 * @param streamingThresholdBytes CSV files larger than this are streamed from disk instead of loaded
 *     (unless the spec says {@code stream=true|false})
 * @param shuffleBufferRows rows held by the shuffle buffer of a streamed CSV file
 */
public record DataOptions(Binarization binarization, Optional<Normalization> normalization, long seed,
        OptionalDouble validationFraction, long splitSeed, SearchOptions search, long streamingThresholdBytes,
        int shuffleBufferRows) {

    /** Default seed of static binarization and of the validation split. */
    public static final long DEFAULT_SEED = 42;
    /** CSV files above 64 MiB are streamed by default. */
    public static final long DEFAULT_STREAMING_THRESHOLD_BYTES = 64L << 20;
    /** Default shuffle buffer of streamed CSV files. */
    public static final int DEFAULT_SHUFFLE_BUFFER_ROWS = 10_000;

    /** Validates the values. */
    public DataOptions {
        if (binarization == null || normalization == null || validationFraction == null || search == null) {
            throw new DatasetException("data options need binarization, normalization, validationFraction and"
                    + " search (use Optional.empty() / OptionalDouble.empty() for the defaults)");
        }
        if (validationFraction.isPresent()) {
            double f = validationFraction.getAsDouble();
            if (!(f >= 0 && f < 1)) {
                throw new DatasetException("validation fraction must be in [0, 1), found " + f);
            }
        }
        if (streamingThresholdBytes < 0) {
            throw new DatasetException("streaming threshold must be ≥ 0 bytes, found " + streamingThresholdBytes);
        }
        if (shuffleBufferRows < 1) {
            throw new DatasetException("shuffle buffer must hold ≥ 1 row, found " + shuffleBufferRows);
        }
    }

    /** @return no binarization, default scaling and split, seeds 42, the machine's search places */
    public static DataOptions defaults() {
        return new DataOptions(Binarization.NONE, Optional.empty(), DEFAULT_SEED, OptionalDouble.empty(),
                DEFAULT_SEED, SearchOptions.fromSystem(), DEFAULT_STREAMING_THRESHOLD_BYTES,
                DEFAULT_SHUFFLE_BUFFER_ROWS);
    }

    /** @return a copy with another binarization */
    public DataOptions withBinarization(Binarization b) {
        return new DataOptions(b, normalization, seed, validationFraction, splitSeed, search,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy with an explicit normalization */
    public DataOptions withNormalization(Normalization n) {
        return new DataOptions(binarization, Optional.of(n), seed, validationFraction, splitSeed, search,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy with another binarization seed */
    public DataOptions withSeed(long s) {
        return new DataOptions(binarization, normalization, s, validationFraction, splitSeed, search,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy holding out this fraction of the training data for validation */
    public DataOptions withValidationFraction(double f) {
        return new DataOptions(binarization, normalization, seed, OptionalDouble.of(f), splitSeed, search,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy with another validation split seed */
    public DataOptions withSplitSeed(long s) {
        return new DataOptions(binarization, normalization, seed, validationFraction, s, search,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy looking for named datasets in other places */
    public DataOptions withSearch(SearchOptions s) {
        return new DataOptions(binarization, normalization, seed, validationFraction, splitSeed, s,
                streamingThresholdBytes, shuffleBufferRows);
    }

    /** @return a copy streaming CSV files above this size */
    public DataOptions withStreamingThresholdBytes(long bytes) {
        return new DataOptions(binarization, normalization, seed, validationFraction, splitSeed, search, bytes,
                shuffleBufferRows);
    }

    /** @return a copy with another shuffle buffer size for streamed CSV files */
    public DataOptions withShuffleBufferRows(int rows) {
        return new DataOptions(binarization, normalization, seed, validationFraction, splitSeed, search,
                streamingThresholdBytes, rows);
    }
}
