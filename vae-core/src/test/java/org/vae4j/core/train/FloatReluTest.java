package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The Java ReLU passes against ND4J's ops, bit for bit, in one block and in two halves. */
class FloatReluTest {
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, 3.5f, -2f};

    @Test
    void biasPlusReluEqualsTheBiasRowThenNd4jsRelu() {
        for (int[] shape : new int[][] {{7, 5}, {301, 203}}) {            // 61,103 entries: two halves
            INDArray a = values(shape[0], shape[1], 1);
            INDArray b = values(1, shape[1], 2);
            INDArray expected = a.addRowVector(b);
            Nd4j.getExecutioner().exec(new RectifiedLinear(expected, expected, 0.0));
            INDArray got = a.dup();
            FloatRelu.biasForward(got, b);
            assertArrayEquals(expected.data().asFloat(), got.data().asFloat(), 0f);
        }
    }

    @Test
    void backwardEqualsStepTimesTheGradient() {
        for (int[] shape : new int[][] {{7, 5}, {301, 203}}) {
            INDArray h = values(shape[0], shape[1], 3);
            Nd4j.getExecutioner().exec(new RectifiedLinear(h, h, 0.0));    // h ≥ 0, with ±0 and denormals
            INDArray dh = values(shape[0], shape[1], 4);
            INDArray step = h.dup();
            Nd4j.getExecutioner().exec(new Step(step, step));
            INDArray expected = dh.mul(step);
            INDArray hBefore = h.dup();
            FloatRelu.backward(h, dh);
            assertArrayEquals(expected.data().asFloat(), dh.data().asFloat(), 0f);
            assertArrayEquals(hBefore.data().asFloat(), h.data().asFloat(), 0f, "h is left as it was");
        }
    }

    @Test
    void onlyPackedFloatArraysTakeThisPath() {
        INDArray packed = Nd4j.create(DataType.FLOAT, 4, 6);
        assertTrue(FloatRelu.applies(packed, Nd4j.create(DataType.FLOAT, 1, 6)));
        assertFalse(FloatRelu.applies(Nd4j.create(DataType.DOUBLE, 4, 6), Nd4j.create(DataType.DOUBLE, 1, 6)));
        INDArray view = Nd4j.create(DataType.FLOAT, 4, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 6));
        assertFalse(FloatRelu.applies(view, Nd4j.create(DataType.FLOAT, 1, 6)), "rows with gaps between them");
    }

    /** Random values with the special ones sprinkled in. */
    private static INDArray values(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(8) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (3 * r.nextGaussian());
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }
}
