package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link FusedOps#dense}, whose bias rows are copied in before the product: ND4J's product with
 * the row vector added (to rounding; the bias rows themselves bit for bit), for float and double, small and large, with and
 * without the partner held (as in a training step, where the product is split), into a packed
 * output and into one whose rows have gaps between them.
 */
class FusedOpsTest {
    @Test
    void denseEqualsTheProductPlusTheBiasRow() {
        denseCases();
    }

    @Test
    void denseEqualsTheProductPlusTheBiasRowWithThePartnerHeld() {
        // as in a training step: the large product is split over the partner
        try (Partner.Hold hold = Partner.open()) {
            denseCases();
        }
    }

    private static void denseCases() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            // 301·70·203 ≥ 2²² multiply-adds: with the partner held, FusedBlas splits that product
            // and both halves add to the bias rows already written
            for (int[] s : new int[][] {{3, 4, 5}, {301, 70, 203}}) {
                INDArray in = values(dt, s[0], s[1], 1);
                INDArray w = values(dt, s[1], s[2], 2);
                INDArray b = values(dt, 1, s[2], 3);
                INDArray expected = Nd4j.create(dt, s[0], s[2]);
                Nd4j.gemm(in, w, expected, false, false, 1.0, 0.0);
                expected.addiRowVector(b);
                INDArray out = values(dt, s[0], s[2], 4);             // old contents must not matter
                FusedOps.dense(in, w, b, out);
                assertEquals(0.0, expected.sub(out).amaxNumber().doubleValue(), 1e-5 * scale(expected),
                        dt + " " + s[0] + "x" + s[2]);
                INDArray wide = values(dt, s[0], s[2] + 3, 5);         // rows 3 entries apart
                INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, s[2]));
                INDArray gaps = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(s[2], s[2] + 3)).dup();
                FusedOps.dense(in, w, b, view);
                assertArrayEquals(out.data().asDouble(), view.dup().data().asDouble(), 0.0,
                        dt + ": the view gets the same bits as the packed output");
                assertArrayEquals(gaps.data().asDouble(),
                        wide.get(NDArrayIndex.all(), NDArrayIndex.interval(s[2], s[2] + 3)).dup().data().asDouble(),
                        0.0, dt + ": the entries between the rows are left alone");
            }
        }
    }

    @Test
    void theBiasRowsAreExactlyTheBias() {
        // with a zero input the product adds exactly 0: every row must be b, bit for bit, with and
        // without the partner held
        for (boolean held : new boolean[] {false, true}) {
            try (Partner.Hold hold = held ? Partner.open() : null) {
                for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                    INDArray b = values(dt, 1, 257, 6);
                    INDArray out = values(dt, 300, 257, 7);
                    FusedOps.dense(Nd4j.zeros(dt, 300, 9), values(dt, 9, 257, 8), b, out);
                    for (int r = 0; r < 300; r++) {
                        assertArrayEquals(b.data().asDouble(), out.getRow(r).dup().data().asDouble(), 0.0,
                                dt + " row " + r + (held ? ", partner held" : ""));
                    }
                }
            }
        }
    }

    private static double scale(INDArray a) {
        return Math.max(1.0, a.amaxNumber().doubleValue());
    }

    private static INDArray values(DataType dt, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-2, 2);
        }
        return Nd4j.createFromArray(v).reshape(rows, cols).castTo(dt);
    }
}
