package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsvDatasetTest {
    private static final DataOptions OPTIONS = DataOptions.defaults().withSearch(SearchOptions.none());

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    /** Row i: label i, then i * 0.5, -i, 3 (with a header, ';'-separated). */
    private Path table(int rows) throws IOException {
        StringBuilder sb = new StringBuilder("id;a;b;c\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(';').append(i * 0.5).append(';').append(-i).append(";3\n");
        }
        return write("table.csv", sb.toString());
    }

    private static DataSpec spec(Path p, String options) {
        return DataSpec.parse("csv:" + p + options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "true"})
    void usesValuesAsGivenWithLabelsAndASeededValidationSplit(String stream) throws IOException {
        Path p = table(50);
        LoadedDataset ds = Datasets.load(spec(p, "?header=true&label=0&delimiter=;&stream=" + stream),
                OPTIONS.withValidationFraction(0.2));
        assertEquals(3, ds.inputDim());
        assertEquals(Optional.empty(), ds.imageShape());
        assertEquals(Normalization.NONE, ds.preprocessing().normalization());
        assertEquals(40, ds.split(Split.TRAIN).size());
        assertEquals(10, ds.split(Split.VALIDATION).size());
        assertFalse(ds.hasSplit(Split.TEST));
        assertEquals(Split.VALIDATION, ds.evaluationSplit());
        assertEquals(!Boolean.parseBoolean(stream), ds.split(Split.TRAIN).inMemory());
        assertEquals(50, ds.numClasses());
        long labelSum = 0;
        for (Split s : new Split[] {Split.TRAIN, Split.VALIDATION}) {
            Examples all = ds.split(s).head(100);
            int[] labels = all.labels().orElseThrow();
            for (int r = 0; r < labels.length; r++) {
                int i = labels[r];
                labelSum += i;
                assertArrayEquals(new float[] {i * 0.5f, -i, 3}, all.features().getRow(r).toFloatVector(), "row " + i);
            }
        }
        assertEquals(49 * 50 / 2, labelSum);
        String m = assertThrows(DatasetException.class, () -> ds.split(Split.TEST)).getMessage();
        assertTrue(m.contains("has no test split (it has [train, validation]); evaluate on validation instead"), m);
    }

    @Test
    void selectsColumnsInTheGivenOrder() throws IOException {
        Path p = write("c.csv", "1,2,3,4\n5,6,7,8\n");
        LoadedDataset ds = Datasets.load(spec(p, "?columns=3,1&stream=false"), OPTIONS.withValidationFraction(0));
        assertFalse(ds.hasLabels());
        Examples e = ds.split(Split.TRAIN).head(2);
        assertEquals(Optional.empty(), e.labels());
        assertArrayEquals(new float[] {4, 2}, e.features().getRow(0).toFloatVector());
        assertArrayEquals(new float[] {8, 6}, e.features().getRow(1).toFloatVector());
    }

    @Test
    void ignoresAByteOrderMarkAndWindowsLineEnds() throws IOException {
        Path p = write("bom.csv", "\uFEFFx,y\r\n1,2\r\n3,4\r\n");
        LoadedDataset ds = Datasets.load(spec(p, "?header=true"), OPTIONS.withValidationFraction(0));
        assertArrayEquals(new float[] {1, 2, 3, 4}, ds.split(Split.TRAIN).head(2).features().reshape(4).toFloatVector());
    }

    @Test
    void readsQuotedFieldsThroughDataVec() throws IOException {
        Path p = write("q.csv", "\"a\",\"b, c\"\n\"1.5\",2\n3,\"4\"\n");
        LoadedDataset ds = Datasets.load(spec(p, "?header=true&stream=false"), OPTIONS.withValidationFraction(0));
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, ds.split(Split.TRAIN).head(2).features().reshape(4).toFloatVector());
        Path bad = write("qbad.csv", "\"a\",\"b, c\"\n1,x\n");
        String m = assertThrows(DatasetException.class, () -> Datasets.load(spec(bad, "?header=true"), OPTIONS))
                .getMessage();
        assertTrue(m.endsWith("line 2, column index 1 (\"b, c\"): expected a number, found \"x\"; every feature value"
                + " must be numeric: fix the file or select other columns"), m);
    }

    private String failure(String content, String options) throws IOException {
        Path p = write("bad.csv", content);
        return assertThrows(DatasetException.class, () -> Datasets.load(spec(p, options), OPTIONS)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "true"})
    void rejectsTextInANumericColumnWithLineAndColumn(String stream) throws IOException {
        String m = failure("a,b,c\n1,2,3\n4,abc,6\n", "?header=true&stream=" + stream);
        assertEquals(tmp.resolve("bad.csv") + ": line 3, column index 1 (\"b\"): expected a number, found \"abc\";"
                + " every feature value must be numeric: fix the file or select other columns", m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf"})
    void rejectsNonFiniteValues(String value) throws IOException {
        String m = failure("1,2\n3," + value + "\n", "");
        assertEquals(tmp.resolve("bad.csv") + ": line 2, column index 1: expected a finite number, found " + value
                + "; remove or impute missing and infinite values first", m);
    }

    @Test
    void rejectsEmptyValues() throws IOException {
        assertTrue(failure("1,2\n3,\n", "").endsWith("line 2, column index 1: expected a number, found an empty value"
                + " (a missing value?); every feature value must be numeric: fix the file or select other columns"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "true"})
    void rejectsRaggedRows(String stream) throws IOException {
        String m = failure("1,2,3\n4,5,6\n7,8\n", "?stream=" + stream);
        assertEquals(tmp.resolve("bad.csv") + ": line 3 has 2 columns, expected 3 (as in the first line); every row"
                + " needs the same number of columns", m);
        m = failure("x,y\n1,2\n3,4,5\n", "?header=true");
        assertTrue(m.endsWith(": line 3 has 3 columns, expected 2 (as in the header); every row needs the same"
                + " number of columns"), m);
    }

    @Test
    void rejectsBlankLines() throws IOException {
        assertEquals(tmp.resolve("bad.csv") + ": line 2 is empty; expected 2 values; remove blank lines",
                failure("1,2\n\n3,4\n", ""));
    }

    @Test
    void rejectsHeaderOnlyAndEmptyFiles() throws IOException {
        assertEquals(tmp.resolve("bad.csv") + ": has a header line but no data rows; expected rows of numbers after"
                + " the header", failure("a,b,c\n", "?header=true"));
        assertEquals(tmp.resolve("bad.csv") + ": is empty; expected rows of numbers separated by ','",
                failure("", ""));
        assertEquals(tmp.resolve("bad.csv") + ": is empty; expected rows of numbers separated by ';' after a header"
                + " line", failure("", "?header=true&delimiter=;"));
    }

    @Test
    void rejectsBadLabelsAndMissingColumns() throws IOException {
        assertEquals(tmp.resolve("bad.csv") + ": line 2, column index 0 (the label column): expected an integer class"
                + " label ≥ 0, found \"cat\"; map the classes to 0..K-1 first, or leave out label=",
                failure("0,1\ncat,2\n", "?label=0"));
        assertEquals(tmp.resolve("bad.csv") + ": column index 5 (in columns=) is out of range: the file has 2"
                + " columns (indexes 0-1)", failure("0,1\n", "?columns=0,5"));
        assertEquals(tmp.resolve("absent.csv") + ": no such file or not readable (" + tmp.resolve("absent.csv")
                + "); expected a CSV file of numbers", assertThrows(DatasetException.class,
                        () -> Datasets.load(spec(tmp.resolve("absent.csv"), ""), OPTIONS)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "true"})
    void standardizationIsFittedOnTheTrainingSplitOnly(String stream) throws IOException {
        Path p = table(200);
        DataSpec spec = spec(p, "?header=true&label=0&delimiter=;&stream=" + stream);
        LoadedDataset raw = Datasets.load(spec, OPTIONS);
        INDArray trainRaw = raw.split(Split.TRAIN).head(1000).features().castTo(DataType.DOUBLE);
        LoadedDataset std = Datasets.load(spec, OPTIONS.withNormalization(Normalization.STANDARD));
        Preprocessing p1 = std.preprocessing();
        assertArrayEquals(trainRaw.mean(0).toDoubleVector(), p1.offset(), 1e-4);
        assertArrayEquals(new double[] {trainRaw.getColumn(0).stdNumber().doubleValue() * Math.sqrt(179.0 / 180),
            trainRaw.getColumn(1).stdNumber().doubleValue() * Math.sqrt(179.0 / 180), 1}, p1.scale(), 1e-4);
        INDArray train = std.split(Split.TRAIN).head(1000).features().castTo(DataType.DOUBLE);
        assertArrayEquals(new double[] {0, 0, 0}, train.mean(0).toDoubleVector(), 1e-5);
        INDArray validation = std.split(Split.VALIDATION).head(1000).features();
        assertNotEquals(0.0, validation.castTo(DataType.DOUBLE).mean(0).getDouble(0), 1e-3);
        // decoded data shown in original units
        INDArray back = p1.invert(validation);
        INDArray original = raw.split(Split.VALIDATION).head(1000).features();
        assertTrue(original.equalsWithEps(back, 1e-4), "inverse gives the original units");
        assertEquals(-(Math.log(p1.scale()[0]) + Math.log(p1.scale()[1])), p1.logJacobian(), 1e-9);
    }

    @Test
    void minMaxMapsTheTrainingRangeToTheUnitInterval() throws IOException {
        Path p = table(100);
        LoadedDataset ds = Datasets.load(spec(p, "?header=true&label=0&delimiter=;"),
                OPTIONS.withNormalization(Normalization.MINMAX).withBinarization(Binarization.THRESHOLD));
        assertEquals(Normalization.MINMAX, ds.preprocessing().normalization());
        LoadedDataset cont = Datasets.load(spec(p, "?header=true&label=0&delimiter=;"),
                OPTIONS.withNormalization(Normalization.MINMAX));
        INDArray train = cont.split(Split.TRAIN).head(1000).features();
        assertArrayEquals(new float[] {0, 0, 0}, train.min(0).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 0}, train.max(0).toFloatVector());
    }

    @Test
    void reappliesAStoredPreprocessing() throws IOException {
        Path p = table(60);
        DataSpec spec = spec(p, "?header=true&label=0&delimiter=;");
        Preprocessing stored = Preprocessing.fromJson(
                Datasets.load(spec, OPTIONS.withNormalization(Normalization.STANDARD)).preprocessing().toJson());
        LoadedDataset again = Datasets.load(spec, OPTIONS.withSplitSeed(5), stored);
        assertEquals(stored, again.preprocessing());
        Path wide = write("wide.csv", "1,2,3,4\n");
        String m = assertThrows(DatasetException.class,
                () -> Datasets.load(spec(wide, ""), OPTIONS, stored)).getMessage();
        assertTrue(m.contains("has 4 values per example but the stored preprocessing (and so the model) expects 3"), m);
    }

    @Test
    void streamingAndInMemoryGiveTheSameSplits() throws IOException {
        Path p = table(300);
        LoadedDataset mem = Datasets.load(spec(p, "?header=true&label=0&delimiter=;&stream=false"), OPTIONS);
        LoadedDataset str = Datasets.load(spec(p, "?header=true&label=0&delimiter=;&stream=true"), OPTIONS);
        for (Split s : new Split[] {Split.TRAIN, Split.VALIDATION}) {
            assertEquals(mem.split(s).size(), str.split(s).size());
            assertEquals(mem.split(s).head(300).features(), str.split(s).head(300).features());
            assertArrayEquals(mem.split(s).labels().orElseThrow(), str.split(s).labels().orElseThrow());
        }
        // a shuffled epoch holds every training row once, in another order
        VaeDataSetIterator it = str.split(Split.TRAIN).iterator(1000, 3);
        Examples epoch = it.nextBatch();
        assertFalse(it.hasNext());
        assertEquals(270, epoch.size());
        int[] sorted = epoch.labels().orElseThrow().clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(str.split(Split.TRAIN).labels().orElseThrow(), sorted);
        assertFalse(java.util.Arrays.equals(sorted, epoch.labels().orElseThrow()));
        it.reset();
        assertFalse(java.util.Arrays.equals(epoch.labels().orElseThrow(), it.nextBatch().labels().orElseThrow()));
    }

    @Test
    void streamsFilesAboveTheThresholdWithABoundedBuffer() throws IOException {
        Path p = table(1000);
        DataSpec spec = spec(p, "?header=true&label=0&delimiter=;");
        assertTrue(Datasets.load(spec, OPTIONS).split(Split.TRAIN).inMemory());
        LoadedDataset ds = Datasets.load(spec, OPTIONS.withStreamingThresholdBytes(1000).withShuffleBufferRows(50));
        DataSplit train = ds.split(Split.TRAIN);
        assertFalse(train.inMemory());
        VaeDataSetIterator it = train.iterator(64, 1);
        long n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        assertEquals(900, n);
        assertEquals(50, ((CsvStreamRows) train.rows()).maxBuffered());
    }
}
