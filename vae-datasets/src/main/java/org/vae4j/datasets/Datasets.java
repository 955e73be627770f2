package org.vae4j.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entry points of vae-datasets: load a dataset from a {@link DataSpec}, re-load one with a
 * stored {@link Preprocessing}, list the named datasets.
 *
 * <pre>{@code
 * LoadedDataset ds = Datasets.load(DataSpec.parse("mnist-10k"),
 *         DataOptions.defaults().withBinarization(Binarization.DYNAMIC));
 * VaeDataSetIterator train = ds.split(Split.TRAIN).iterator(128, seed);
 * String json = ds.preprocessing().toJson();   // store with the model
 * }</pre>
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Loads a dataset and fits its preprocessing on the training split.
     *
     * @throws DatasetException if the data cannot be found or is malformed
     */
    public static LoadedDataset load(DataSpec spec, DataOptions options) {
        return new DatasetLoader(spec, options, Optional.empty()).load();
    }

    /**
     * Loads a dataset and applies a stored preprocessing (scaling and binarization) instead of
     * fitting one: for evaluating a saved model on the same or new data. The options' normalization
     * and binarization are ignored; seeds, splits and search places still apply.
     *
     * @throws DatasetException if the data cannot be found, is malformed, or has another number of
     *     values per example than the preprocessing
     */
    public static LoadedDataset load(DataSpec spec, DataOptions options, Preprocessing fitted) {
        return new DatasetLoader(spec, options, Optional.of(fitted)).load();
    }

    /** Loads the embedded default {@code mnist-10k} with default options. */
    public static LoadedDataset loadDefault() {
        return load(DataSpec.DEFAULT, DataOptions.defaults().withSearch(SearchOptions.none()));
    }

    /** @return every named dataset with where it was found, or where it was looked for and how to get it */
    public static List<DatasetInfo> available(SearchOptions search) {
        List<DatasetInfo> out = new ArrayList<>();
        for (NamedDataset d : NamedDataset.values()) {
            out.add(d.info(search));
        }
        return out;
    }
}
