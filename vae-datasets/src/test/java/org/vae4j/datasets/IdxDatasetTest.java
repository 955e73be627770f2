package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.datasets.idx.IdxFile;
import org.vae4j.datasets.idx.IdxType;

class IdxDatasetTest {
    private static final DataOptions OPTIONS = DataOptions.defaults().withSearch(SearchOptions.none());

    @TempDir
    Path tmp;

    @Test
    void loadsADirectoryInMnistLayoutWithItsTestFiles() throws IOException {
        Path dir = NamedDatasetTest.fakeMnist(tmp.resolve("set"), 30, 7, false);
        LoadedDataset ds = Datasets.load(DataSpec.parse("idx:" + dir), OPTIONS);
        assertEquals("idx:" + dir, ds.name());
        assertArrayEquals(new int[] {4, 4}, ds.imageShape().orElseThrow());
        assertEquals(27, ds.split(Split.TRAIN).size());
        assertEquals(3, ds.split(Split.VALIDATION).size());
        assertEquals(7, ds.split(Split.TEST).size());
        assertEquals(10, ds.numClasses());
        assertEquals(Normalization.PIXELS, ds.preprocessing().normalization());
    }

    @Test
    void loadsASingleFileWithAndWithoutLabels() throws IOException {
        Path dir = NamedDatasetTest.fakeMnist(tmp.resolve("set"), 20, 5, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        LoadedDataset unlabelled = Datasets.load(DataSpec.parse("idx:" + images), OPTIONS);
        assertFalse(unlabelled.hasLabels());
        assertFalse(unlabelled.hasSplit(Split.TEST));
        assertEquals(Optional.empty(), unlabelled.split(Split.TRAIN).head(2).labels());
        assertTrue(unlabelled.split(Split.TRAIN).iterator(4, 0).next().getLabels() == null);
        LoadedDataset labelled = Datasets.load(
                DataSpec.parse("idx:" + images + "?labels=" + dir.resolve("train-labels-idx1-ubyte.gz")), OPTIONS);
        assertEquals(10, labelled.numClasses());
        assertEquals(18, labelled.split(Split.TRAIN).size());
    }

    @Test
    void usesFloatIdxDataAsGivenAndFlattensAnyShape() throws IOException {
        Path p = tmp.resolve("vectors.idx");
        double[] v = new double[10 * 2 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i - 7.5;
        }
        IdxFile.of(IdxType.FLOAT64, new int[] {10, 2, 3}, v).write(p, false);
        LoadedDataset ds = Datasets.load(DataSpec.parse("idx:" + p), OPTIONS.withValidationFraction(0));
        assertEquals(Normalization.NONE, ds.preprocessing().normalization());
        assertEquals(6, ds.inputDim());
        Examples e = ds.split(Split.TRAIN).head(10);
        assertEquals(DataType.FLOAT, e.features().dataType());
        assertArrayEquals(new float[] {-7.5f, -6.5f, -5.5f, -4.5f, -3.5f, -2.5f}, e.features().getRow(0).toFloatVector());

        Path flat = tmp.resolve("flat.idx");
        IdxFile.of(IdxType.INT16, new int[] {4, 3}, new double[12]).write(flat, true);
        assertEquals(Optional.empty(), Datasets.load(DataSpec.parse("idx:" + flat), OPTIONS).imageShape());
    }

    @Test
    void rejectsMismatchedFilesInADirectory() throws IOException {
        Path dir = NamedDatasetTest.fakeMnist(tmp.resolve("set"), 20, 5, false);
        IdxFile.of(IdxType.UINT8, new int[] {19}, new double[19]).write(dir.resolve("train-labels-idx1-ubyte"), false);
        String m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.parse("idx:" + dir), OPTIONS))
                .getMessage();
        assertEquals(dir.resolve("train-images-idx3-ubyte") + " has 20 examples but "
                + dir.resolve("train-labels-idx1-ubyte") + " has 19 labels; images and labels must have the same"
                + " count: are they from the same set (train / t10k)?", m);

        Path other = NamedDatasetTest.fakeMnist(tmp.resolve("other"), 20, 5, false);
        IdxFile.of(IdxType.UINT8, new int[] {5, 3, 3}, new double[45]).write(other.resolve("t10k-images-idx3-ubyte"), false);
        m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.parse("idx:" + other), OPTIONS))
                .getMessage();
        assertTrue(m.contains("test examples are uint8 [3, 3] but training examples"), m);
        assertTrue(m.endsWith("are uint8 [4, 4]; the test files must come from the same dataset"), m);

        Path missingTestLabels = NamedDatasetTest.fakeMnist(tmp.resolve("third"), 20, 5, false);
        Files.delete(missingTestLabels.resolve("t10k-labels-idx1-ubyte"));
        m = assertThrows(DatasetException.class,
                () -> Datasets.load(DataSpec.parse("idx:" + missingTestLabels), OPTIONS)).getMessage();
        assertTrue(m.contains("has train-labels-idx1-ubyte and t10k-images-idx3-ubyte but no t10k-labels-idx1-ubyte"), m);
    }

    @Test
    void rejectsDirectoriesWithoutTrainingImagesAndMissingPaths() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.parse("idx:" + empty), OPTIONS))
                .getMessage();
        assertTrue(m.startsWith(empty + ": no train-images-idx3-ubyte or train-images-idx3-ubyte.gz; a directory given"
                + " as idx:DIR needs the MNIST layout"), m);
        Path absent = tmp.resolve("absent");
        m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.parse("idx:" + absent), OPTIONS))
                .getMessage();
        assertTrue(m.startsWith(absent + ": no such file or directory"), m);
    }

    @Test
    void loadsRealMnistByNameWithTheDefaultSplits() {
        Path shared = SharedData.datasetDir("mnist").getParent();
        LoadedDataset ds = Datasets.load(DataSpec.parse("mnist"),
                DataOptions.defaults().withSearch(SearchOptions.none().withDataDirs(java.util.List.of(shared))));
        assertEquals(55_000, ds.split(Split.TRAIN).size());
        assertEquals(5_000, ds.split(Split.VALIDATION).size());
        assertEquals(10_000, ds.split(Split.TEST).size());
        Examples first = ds.split(Split.TEST).head(1);
        assertEquals(7, first.labels().orElseThrow()[0]);
        assertEquals(18_454 / 255.0, first.features().castTo(DataType.DOUBLE).sumNumber().doubleValue(), 1e-3);
    }
}
