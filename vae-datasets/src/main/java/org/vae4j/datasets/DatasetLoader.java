package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.datasets.csv.CsvFormat;
import org.vae4j.datasets.csv.CsvRowReader;
import org.vae4j.datasets.idx.IdxFile;
import org.vae4j.datasets.idx.IdxType;

/** Turns a spec into a {@link LoadedDataset}: reads the data, makes the splits, fits the preprocessing. */
final class DatasetLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

    private final DataSpec spec;
    private final DataOptions options;
    private final Optional<Preprocessing> fitted;

    DatasetLoader(DataSpec spec, DataOptions options, Optional<Preprocessing> fitted) {
        this.spec = spec;
        this.options = options;
        this.fitted = fitted;
    }

    LoadedDataset load() {
        long start = System.nanoTime();
        LoadedDataset ds;
        if (spec instanceof DataSpec.Named n) {
            ds = fromIdx(n.dataset().open(options.search()));
        } else if (spec instanceof DataSpec.Idx idx) {
            ds = fromIdx(readIdx(idx));
        } else {
            ds = fromCsv((DataSpec.Csv) spec);
        }
        LOG.debug("loaded {} in {} ms", ds, (System.nanoTime() - start) / 1_000_000);
        return ds;
    }

    private static IdxSet readIdx(DataSpec.Idx idx) {
        Path p = idx.path();
        if (Files.isDirectory(p)) {
            if (idx.labels().isPresent()) {
                throw new DatasetException(idx + ": labels= applies to a single images file, but " + p
                        + " is a directory (whose labels are train-labels-idx1-ubyte[.gz]); drop ?labels=");
            }
            return IdxSet.read(IdxLayout.of(p), java.util.OptionalLong.empty(), List.of());
        }
        if (!Files.exists(p)) {
            throw new DatasetException(p + ": no such file or directory; idx: expects a directory in MNIST layout"
                    + " or an IDX file");
        }
        return IdxSet.read(p, idx.labels());
    }

    // ---------------------------------------------------------------- IDX

    private LoadedDataset fromIdx(IdxSet set) {
        IdxFile train = set.trainImages();
        int[] trainLabels = set.trainLabels().map(l -> labelsFor(train, l)).orElse(null);
        IdxFile test = set.testImages().orElse(null);
        int[] testLabels = null;
        if (test != null) {
            if (test.type() != train.type() || !Arrays.equals(exampleShape(test), exampleShape(train))) {
                throw new DatasetException(test.source() + ": test examples are " + test.type() + " "
                        + Arrays.toString(exampleShape(test)) + " but training examples ("
                        + train.source() + ") are " + train.type() + " " + Arrays.toString(exampleShape(train))
                        + "; the test files must come from the same dataset");
            }
            testLabels = set.testLabels().map(l -> labelsFor(test, l)).orElse(null);
        }
        if (train.count() == 0) {
            throw new DatasetException(train.source() + ": holds 0 examples; expected at least 1");
        }
        long n = train.count();
        long validation = options.validationFraction().isPresent()
                ? Math.round(options.validationFraction().getAsDouble() * n)
                : set.defaultValidationCount().orElse(Math.round(0.1 * n));
        SplitPlan plan = new SplitPlan(n, set.carvedTestCount(), Seeds.CARVED_TEST_SPLIT, validation,
                options.splitSeed());
        Split[] assignment = plan.assignAll();
        RowMatrix trainMatrix = RowMatrix.of(train);
        Map<Split, RowSource> rows = new EnumMap<>(Split.class);
        rows.put(Split.TRAIN, new MemoryRows(trainMatrix, SplitPlan.idsOf(assignment, Split.TRAIN), trainLabels));
        rows.put(Split.VALIDATION,
                new MemoryRows(trainMatrix, SplitPlan.idsOf(assignment, Split.VALIDATION), trainLabels));
        if (set.carvedTestCount() > 0) {
            rows.put(Split.TEST, new MemoryRows(trainMatrix, SplitPlan.idsOf(assignment, Split.TEST), trainLabels));
        } else if (test != null) {
            int[] all = new int[test.count()];
            Arrays.setAll(all, i -> i);
            rows.put(Split.TEST, new MemoryRows(RowMatrix.of(test), all, testLabels));
        }
        Normalization defaultNormalization = train.type() == IdxType.UINT8 ? Normalization.PIXELS : Normalization.NONE;
        int numClasses = trainLabels == null ? 0 : Math.max(maxPlusOne(trainLabels), maxPlusOne(testLabels));
        int[] dims = train.dims();
        int[] imageShape = dims.length >= 3 ? Arrays.copyOfRange(dims, 1, dims.length) : null;
        return assemble(train.exampleSize(), imageShape, numClasses, set.labelNames(), defaultNormalization, rows,
                set.sources());
    }

    private static int[] exampleShape(IdxFile f) {
        int[] d = f.dims();
        return Arrays.copyOfRange(d, 1, d.length);
    }

    private static int[] labelsFor(IdxFile images, IdxFile labels) {
        if (labels.dims().length != 1) {
            throw new DatasetException(labels.source() + ": a labels file must have 1 dimension (one label per"
                    + " example), found " + Arrays.toString(labels.dims()) + "; is this the images file?");
        }
        if (labels.count() != images.count()) {
            throw new DatasetException(images.source() + " has " + images.count() + " examples but "
                    + labels.source() + " has " + labels.count() + " labels; images and labels must have the same"
                    + " count: are they from the same set (train / t10k)?");
        }
        int[] out = labels.toIntArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                throw new DatasetException(labels.source() + ": label " + i + " is " + out[i]
                        + "; expected class indexes ≥ 0");
            }
        }
        return out;
    }

    private static int maxPlusOne(int[] labels) {
        int max = -1;
        if (labels != null) {
            for (int l : labels) {
                max = Math.max(max, l);
            }
        }
        return max + 1;
    }

    // ---------------------------------------------------------------- CSV

    private LoadedDataset fromCsv(DataSpec.Csv csv) {
        Path file = csv.path();
        CsvFormat format = csv.format();
        boolean stream = switch (format.mode()) {
            case STREAM -> true;
            case MEMORY -> false;
            case AUTO -> size(file) > options.streamingThresholdBytes();
        };
        Map<Split, RowSource> rows = new EnumMap<>(Split.class);
        int dim;
        int numClasses;
        if (stream) {
            long n = 0;
            int maxLabel = -1;
            try (CsvRowReader reader = CsvRowReader.open(file, format)) {
                dim = reader.width();
                float[] scratch = new float[dim];
                while (reader.next(scratch, 0)) {
                    n++;
                    maxLabel = Math.max(maxLabel, reader.label());
                }
            }
            SplitPlan plan = plan(n);
            for (Split s : List.of(Split.TRAIN, Split.VALIDATION)) {
                rows.put(s, new CsvStreamRows(file, format, plan, s, dim, options.shuffleBufferRows()));
            }
            numClasses = maxLabel + 1;
            LOG.debug("streaming {}: {} rows of {} values", file, n, dim);
        } else {
            float[] data;
            int n = 0;
            int[] labels;
            try (CsvRowReader reader = CsvRowReader.open(file, format)) {
                dim = reader.width();
                data = new float[dim * 1024];
                labels = reader.hasLabels() ? new int[1024] : null;
                while (true) {
                    if ((long) (n + 1) * dim > data.length) {
                        long grown = Math.min(Integer.MAX_VALUE - 16L, 2L * data.length);
                        if (grown < (long) (n + 1) * dim) {
                            throw new DatasetException(file + ": more than " + n + " rows of " + dim
                                    + " values do not fit in one array; stream it (stream=true)");
                        }
                        data = Arrays.copyOf(data, (int) grown);
                    }
                    if (!reader.next(data, n * dim)) {
                        break;
                    }
                    if (labels != null) {
                        if (n == labels.length) {
                            labels = Arrays.copyOf(labels, 2 * n);
                        }
                        labels[n] = reader.label();
                    }
                    n++;
                }
            }
            labels = labels == null ? null : Arrays.copyOf(labels, n);
            SplitPlan plan = plan(n);
            Split[] assignment = plan.assignAll();
            RowMatrix matrix = RowMatrix.of(Arrays.copyOf(data, n * dim), dim, n);
            for (Split s : List.of(Split.TRAIN, Split.VALIDATION)) {
                rows.put(s, new MemoryRows(matrix, SplitPlan.idsOf(assignment, s), labels));
            }
            numClasses = maxPlusOne(labels);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return assemble(dim, null, numClasses, names, Normalization.NONE, rows, List.of(file.toString()));
    }

    private SplitPlan plan(long n) {
        long validation = Math.round(options.validationFraction().orElse(0.1) * n);
        return new SplitPlan(n, 0, Seeds.CARVED_TEST_SPLIT, validation, options.splitSeed());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DatasetException(file + ": no such file or not readable (" + e.getMessage()
                    + "); expected a CSV file of numbers", e);
        }
    }

    // ---------------------------------------------------------------- common

    private LoadedDataset assemble(int dim, int[] imageShape, int numClasses, List<String> namedLabels,
            Normalization defaultNormalization, Map<Split, RowSource> rows, List<String> sources) {
        Preprocessing p;
        if (fitted.isPresent()) {
            p = fitted.get();
            if (p.inputDim() != dim) {
                throw new DatasetException(spec + " has " + dim + " values per example but the stored preprocessing"
                        + " (and so the model) expects " + p.inputDim() + "; use data of the same kind as the"
                        + " training data");
            }
        } else {
            p = fit(dim, options.normalization().orElse(defaultNormalization), rows.get(Split.TRAIN));
        }
        List<String> labelNames = new ArrayList<>();
        for (int i = 0; i < numClasses; i++) {
            labelNames.add(i < namedLabels.size() ? namedLabels.get(i) : Integer.toString(i));
        }
        Map<Split, DataSplit> splits = new EnumMap<>(Split.class);
        for (Map.Entry<Split, RowSource> e : rows.entrySet()) {
            splits.put(e.getKey(), new DataSplit(e.getKey(), e.getValue(), RowTransform.of(p, e.getKey(),
                    options.seed()), numClasses, List.copyOf(labelNames)));
        }
        return new LoadedDataset(spec, dim, imageShape, numClasses, labelNames, p, splits, sources);
    }

    private Preprocessing fit(int dim, Normalization normalization, RowSource train) {
        Binarization b = options.binarization();
        if (!normalization.needsStatistics() && b == Binarization.NONE) {
            return Preprocessing.fit(normalization, new ColumnStats(dim), dim, b);
        }
        ColumnStats stats = new ColumnStats(dim);
        float[] row = new float[dim];
        try (RowSource.RowCursor c = train.open(false, 0)) {
            while (c.hasNext()) {
                c.next(row, 0);
                stats.add(row, 0);
            }
        }
        Preprocessing p = Preprocessing.fit(normalization, stats, dim, b);
        if (b != Binarization.NONE) {
            checkUnitRange(p, stats, normalization);
        }
        return p;
    }

    /** Binarization treats values as probabilities: the scaled training data must lie in [0, 1]. */
    private void checkUnitRange(Preprocessing p, ColumnStats stats, Normalization normalization) {
        double[] min = stats.min();
        double[] max = stats.max();
        double[] offset = p.offset();
        double[] scale = p.scale();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < min.length; j++) {
            double o = offset[offset.length == 1 ? 0 : j];
            double s = scale[scale.length == 1 ? 0 : j];
            lo = Math.min(lo, (min[j] - o) / s);
            hi = Math.max(hi, (max[j] - o) / s);
        }
        if (lo < 0 || hi > 1) {
            throw new DatasetException(spec + ": binarization " + options.binarization() + " needs values in [0, 1]"
                    + " after scaling, but the training data spans [" + lo + ", " + hi + "] after normalization "
                    + normalization + "; choose normalization MINMAX (or PIXELS for 0-255 data), or binarization NONE");
        }
    }
}
