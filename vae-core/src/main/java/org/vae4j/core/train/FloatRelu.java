package org.vae4j.core.train;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ReLU layer's element-wise work for float models in Java, over copies of row blocks (one
 * memcpy each way), the rows in two halves ({@link TwoThreads}): the bias added and the ReLU
 * taken in one pass after the product, and the backward mask. The loops use only float +, ×,
 * min and max, which HotSpot vectorizes.
 */
final class FloatRelu {
    /** Below this many entries one thread does it all. */
    private static final long PARALLEL_MIN = 1 << 15;
    /** Per-thread heap copies, grown as needed. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private FloatRelu() {
    }

    /** Whether both arrays are dense c-order float arrays (rows packed, no gaps) this class reads as flat memory. */
    static boolean applies(INDArray a, INDArray b) {
        return packedFloat(a) && packedFloat(b) && a.length() <= Integer.MAX_VALUE;
    }

    private static boolean packedFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && FusedBlas.rowMajor(a) && (a.rows() == 1 || a.stride(0) == a.columns());
    }

    /** out ← max(out + b, 0), b [1, n] added to every row of out [M, n]. */
    static void biasForward(INDArray out, INDArray b) {
        int rows = Math.toIntExact(out.rows());
        int cols = Math.toIntExact(out.columns());
        FloatPointer p = FusedBlas.f(out);
        FloatPointer pb = FusedBlas.f(b);
        int half = rows / 2;
        TwoThreads.run(out.length() >= PARALLEL_MIN,
                () -> biasForward(p, pb, 0, half, cols),
                () -> biasForward(p, pb, half, rows, cols));
    }

    private static void biasForward(FloatPointer out, FloatPointer b, int r0, int r1, int cols) {
        int n = (r1 - r0) * cols;
        float[][] s = SCRATCH.get();
        float[] a = grow(s, 0, n);
        float[] bias = grow(s, 1, cols);
        float[] row = grow(s, 3, cols);
        FloatPointer block = FusedBlas.offset(out, (long) r0 * cols);
        block.get(a, 0, n);
        b.get(bias, 0, cols);
        for (int o = 0; o < n; o += cols) {
            // row by row through a copy: a loop over a[o + j] and bias[j] (two different offsets)
            // is not vectorized by HotSpot 17 and took 5× as long (3 ns per entry)
            System.arraycopy(a, o, row, 0, cols);
            biasRelu(row, bias, cols);
            System.arraycopy(row, 0, a, o, cols);
        }
        block.put(a, 0, n);
    }

    /** row ← max(row + bias, 0) over the first {@code cols} entries (both arrays indexed from 0). */
    private static void biasRelu(float[] row, float[] bias, int cols) {
        for (int j = 0; j < cols; j++) {
            row[j] = Math.max(row[j] + bias[j], 0f);
        }
    }

    /**
     * dh ← dh ⊙ step(h) for h = max(a, 0) ≥ 0: the step is min(h·2¹⁰⁰·2⁴⁹, 1), exactly 1 for every
     * positive float (the smallest, 2⁻¹⁴⁹, becomes 1; larger ones saturate at 1 or overflow to ∞
     * first) and 0 for ±0, as ND4J's Step op gives. h is left unchanged.
     */
    static void backward(INDArray h, INDArray dh) {
        long n = h.length();
        FloatPointer ph = FusedBlas.f(h);
        FloatPointer pd = FusedBlas.f(dh);
        int half = (int) (n / 2);
        TwoThreads.run(n >= PARALLEL_MIN,
                () -> backward(ph, pd, 0, half),
                () -> backward(ph, pd, half, (int) n));
    }

    private static void backward(FloatPointer h, FloatPointer dh, int from, int to) {
        int n = to - from;
        float[][] s = SCRATCH.get();
        float[] hs = grow(s, 0, n);
        float[] ds = grow(s, 2, n);
        FusedBlas.offset(h, from).get(hs, 0, n);
        FloatPointer block = FusedBlas.offset(dh, from);
        block.get(ds, 0, n);
        for (int i = 0; i < n; i++) {
            ds[i] *= Math.max(Math.min(hs[i] * 0x1p100f * 0x1p49f, 1f), 0f);
        }
        block.put(ds, 0, n);
    }

    private static float[] grow(float[][] s, int i, int n) {
        if (s[i].length < n) {
            s[i] = new float[n];
        }
        return s[i];
    }
}
