package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Which arrays {@link FusedBlas} hands to cblas directly, and that its products equal the
 * definition for the shapes the fused step uses with a row of ones (bias rows, bias gradients).
 */
class FusedBlasTest {

    @Test
    void singleRowsAreRowMajorWhateverStridesNd4jGivesThem() {
        INDArray row = Nd4j.ones(DataType.FLOAT, 1, 9);
        assertEquals(1, row.stride(0), "ND4J's stride for a [1, n] array (the case this covers)");
        assertTrue(FusedBlas.rowMajor(row));
        assertEquals(9, FusedBlas.ld(row));
        INDArray prefix = FusedOps.onesRow(DataType.FLOAT, 5);              // a view of the cached row
        assertTrue(FusedBlas.rowMajor(prefix));
        assertEquals(5, FusedBlas.ld(prefix));
        INDArray matrix = Nd4j.create(DataType.FLOAT, new long[] {4, 6}, 'c');
        assertTrue(FusedBlas.rowMajor(matrix));
        assertEquals(6, FusedBlas.ld(matrix));
        INDArray fRow = Nd4j.create(DataType.FLOAT, new long[] {4, 6}, 'f').get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
        assertFalse(FusedBlas.rowMajor(fRow), "a row of an f-order matrix has strided entries");
        assertFalse(FusedBlas.rowMajor(matrix.transpose()));
    }

    @Test
    void productsWithRowsOfOnesEqualTheirDefinition() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int m = 7;
            int n = 5;
            INDArray b = random(dt, 1, n, 1);
            INDArray out = Nd4j.create(dt, m, n).assign(99);
            FusedOps.gemmTransA(FusedOps.onesRow(dt, m), b, out, 1.0, 0.0);   // every row = b
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(b.getDouble(0, j), out.getDouble(i, j), 0.0, dt + " bias row " + i);
                }
            }
            INDArray delta = random(dt, m, n, 2);
            INDArray sums = Nd4j.create(dt, 1, n).assign(99);
            FusedOps.gemm(FusedOps.onesRow(dt, m), delta, sums, 0.5, 0.0);   // ½ · column sums
            INDArray rowSums = Nd4j.create(dt, m, 1).assign(99);
            FusedOps.rowSums(delta, rowSums, 2.0);
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int i = 0; i < m; i++) {
                    expected += delta.getDouble(i, j);
                }
                assertEquals(0.5 * expected, sums.getDouble(0, j), 1e-6 * Math.max(1, Math.abs(expected)), dt + " column " + j);
            }
            for (int i = 0; i < m; i++) {
                double expected = 0;
                for (int j = 0; j < n; j++) {
                    expected += delta.getDouble(i, j);
                }
                assertEquals(2 * expected, rowSums.getDouble(i, 0), 1e-6 * Math.max(1, Math.abs(expected)), dt + " row " + i);
            }
        }
    }

    @Test
    void productsSplitOverThePartnerEqualWholeOnes() {
        // c [m, n] for every transpose pair, split by rows (m ≥ n) and by columns (m < n), with
        // operands that are views inside larger matrices (offsets and leading dimensions)
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] mnk : new int[][] {{301, 120, 130}, {90, 333, 150}}) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                assertTrue((long) m * n * k >= FusedBlas.SPLIT_WORK, "large enough to be split");
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        INDArray a = view(random(dt, (ta ? k : m) + 3, (ta ? m : k) + 5, 11), ta ? k : m, ta ? m : k);
                        INDArray b = view(random(dt, (tb ? n : k) + 2, (tb ? k : n) + 7, 12), tb ? n : k, tb ? k : n);
                        INDArray c0 = random(dt, m, n, 13);
                        INDArray whole = c0.dup();
                        FusedBlas.gemm(a, ta, b, tb, whole, 0.7, 0.3);
                        INDArray split = view(random(dt, m + 4, n + 6, 14), m, n).assign(c0);
                        try (Partner.Hold hold = Partner.open()) {
                            FusedBlas.gemm(a, ta, b, tb, split, 0.7, 0.3);
                        }
                        // OpenBLAS held to one thread and no partner held: the product takes the partner itself
                        INDArray borrowed = c0.dup();
                        try (Partner.Hold blas = Partner.oneThreadBlas()) {
                            FusedBlas.gemm(a, ta, b, tb, borrowed, 0.7, 0.3);
                        }
                        double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
                        for (INDArray got : new INDArray[] {split, borrowed}) {
                            double diff = got.sub(whole).amaxNumber().doubleValue() / whole.amaxNumber().doubleValue();
                            assertTrue(diff <= tol, dt + " " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + ": " + diff);
                        }
                    }
                }
            }
        }
    }

    /** The top-left [rows, cols] block of a larger c-order matrix (its rows are not packed). */
    private static INDArray view(INDArray big, int rows, int cols) {
        return big.get(NDArrayIndex.interval(1, rows + 1), NDArrayIndex.interval(2, cols + 2));
    }

    private static INDArray random(DataType dt, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dt);
    }
}
