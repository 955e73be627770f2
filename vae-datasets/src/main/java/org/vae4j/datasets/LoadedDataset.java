package org.vae4j.datasets;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset ready for training: its splits, its fitted preprocessing and what the model needs to
 * know about its shape. Made by {@link Datasets#load(DataSpec, DataOptions)}.
 */
public final class LoadedDataset {
    private final DataSpec spec;
    private final int inputDim;
    private final int[] imageShape;
    private final int numClasses;
    private final List<String> labelNames;
    private final Preprocessing preprocessing;
    private final Map<Split, DataSplit> splits;
    private final List<String> sources;

    LoadedDataset(DataSpec spec, int inputDim, int[] imageShape, int numClasses, List<String> labelNames,
            Preprocessing preprocessing, Map<Split, DataSplit> splits, List<String> sources) {
        this.spec = spec;
        this.inputDim = inputDim;
        this.imageShape = imageShape;
        this.numClasses = numClasses;
        this.labelNames = List.copyOf(labelNames);
        this.preprocessing = preprocessing;
        this.splits = new EnumMap<>(splits);
        this.sources = List.copyOf(sources);
    }

    /** @return the spec this dataset was loaded from */
    public DataSpec spec() {
        return spec;
    }

    /** @return the spec as text: "mnist-10k", "idx:/data/mnist", "csv:x.csv?header=true" */
    public String name() {
        return spec.toString();
    }

    /** @return values per example (784 for MNIST) */
    public int inputDim() {
        return inputDim;
    }

    /** @return the shape of one image, {28, 28} for MNIST; empty for CSV and 1-d IDX vectors */
    public Optional<int[]> imageShape() {
        return Optional.ofNullable(imageShape).map(int[]::clone);
    }

    /** @return whether examples carry integer class labels */
    public boolean hasLabels() {
        return numClasses > 0;
    }

    /** @return the number of classes (1 + the largest label), 0 without labels */
    public int numClasses() {
        return numClasses;
    }

    /** @return the class names, index = label ("0".."9", or Fashion-MNIST's clothing names); empty without labels */
    public List<String> labelNames() {
        return labelNames;
    }

    /** @return the fitted preprocessing, to store with a model and re-apply with {@link Datasets#load(DataSpec, DataOptions, Preprocessing)} */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** @return whether the dataset has this split (CSV and single IDX files have no test split) */
    public boolean hasSplit(Split split) {
        return splits.containsKey(split);
    }

    /**
     * @return one split
     * @throws DatasetException if the dataset has no such split
     */
    public DataSplit split(Split split) {
        DataSplit s = splits.get(split);
        if (s == null) {
            throw new DatasetException(name() + " has no " + split + " split (it has " + splits.keySet()
                    + "); evaluate on " + evaluationSplit() + " instead");
        }
        return s;
    }

    /** @return the splits present, in the order train, validation, test */
    public List<DataSplit> splits() {
        return new ArrayList<>(splits.values());
    }

    /** @return the split to report final scores on: TEST where there is one, VALIDATION otherwise */
    public Split evaluationSplit() {
        return splits.containsKey(Split.TEST) ? Split.TEST : Split.VALIDATION;
    }

    /** @return where the data came from (files, or classpath resources), for provenance */
    public List<String> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return name() + ": " + inputDim + " values per example, " + splits.values() + ", " + preprocessing;
    }
}
