package org.vae4j.core.train;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The few array primitives the fused step is built from. Every product is one BLAS gemm with
 * transpose flags into a preallocated contiguous output ({@code INDArray.mmul} on transposed
 * views copies and was measured 2–23× slower, PERFORMANCE.md §2), called directly
 * ({@link FusedBlas}).
 */
final class FusedOps {
    private FusedOps() {
    }

    /** c = α·a·b + β·c. */
    static void gemm(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        FusedBlas.gemm(a, false, b, false, c, alpha, beta);
    }

    /** c = α·aᵀ·b + β·c. */
    static void gemmTransA(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        FusedBlas.gemm(a, true, b, false, c, alpha, beta);
    }

    /** c = α·a·bᵀ + β·c. */
    static void gemmTransB(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        FusedBlas.gemm(a, false, b, true, c, alpha, beta);
    }

    /**
     * out = in·W + b, the dense layer of {@code Mlp.dense} (b [1, n] added to every row): b
     * copied into every row of out first (so out's old contents never matter), then out += in·W
     * in the same gemm call that computes the product. ND4J's addiRowVector took 0.21 ms for a
     * [128, 400] output here (4 ns per entry); the rank-1 product 1·b that wrote the rows until
     * session 8 ~0.02 ms at that size, but 0.85 ms for the decoder head's [512, 784] (2 ns per
     * entry, inside a training step); one memcpy per row takes ~0.1 ms there.
     */
    static void dense(INDArray in, INDArray w, INDArray b, INDArray out) {
        if (!biasRows(b, out)) {
            gemmTransA(onesRow(out.dataType(), out.rows()), b, out, 1.0, 0.0);
        }
        gemm(in, w, out, 1.0, 1.0);
    }

    /**
     * Copies b [1, n] into every row of out [M, n], a row at a time through out's data pointer;
     * false (nothing written) unless both are float or both double with contiguous rows. One
     * thread: for [512, 784] it took 0.08–0.10 ms, and 0.19 ms in two halves with the partner
     * held (a throwaway harness, OpenBLAS on one thread as in a step); at test time the halves
     * also took the partner from OpenBLAS's worker, which made inference 2.3× slower.
     */
    private static boolean biasRows(INDArray b, INDArray out) {
        DataType dt = out.dataType();
        if ((dt != DataType.FLOAT && dt != DataType.DOUBLE) || b.dataType() != dt || !FusedBlas.rowMajor(out)
                || !FusedBlas.rowMajor(b) || b.rows() != 1 || b.columns() != out.columns()) {
            return false;
        }
        int rows = Math.toIntExact(out.rows());
        int cols = Math.toIntExact(out.columns());
        long ld = FusedBlas.ld(out);
        if (dt == DataType.FLOAT) {
            float[] row = new float[cols];
            FusedBlas.f(b).get(row, 0, cols);
            fillRows(FusedBlas.f(out), row, rows, ld);
        } else {
            double[] row = new double[cols];
            FusedBlas.d(b).get(row, 0, cols);
            fillRows(FusedBlas.d(out), row, rows, ld);
        }
        return true;
    }

    private static void fillRows(FloatPointer out, float[] row, int rows, long ld) {
        FloatPointer p = new FloatPointer(out);
        for (int r = 0; r < rows; r++) {
            p.position(out.position() + r * ld).put(row, 0, row.length);
        }
    }

    private static void fillRows(DoublePointer out, double[] row, int rows, long ld) {
        DoublePointer p = new DoublePointer(out);
        for (int r = 0; r < rows; r++) {
            p.position(out.position() + r * ld).put(row, 0, row.length);
        }
    }

    /** out [N, 1] = α·(the sums of a's rows), a [N, C] contiguous: a product with the cached row of ones. */
    static void rowSums(INDArray a, INDArray out, double alpha) {
        gemmTransB(a, onesRow(a.dataType(), a.columns()), out, alpha, 0.0);
    }

    /** Per thread and type, the longest row of ones asked for so far. */
    private static final ThreadLocal<java.util.EnumMap<DataType, INDArray>> ONES =
            ThreadLocal.withInitial(() -> new java.util.EnumMap<>(DataType.class));

    /** A [1, n] row of ones (a view of a cached row; do not write to it). */
    static INDArray onesRow(DataType dt, long n) {
        java.util.EnumMap<DataType, INDArray> cache = ONES.get();
        INDArray row = cache.get(dt);
        if (row == null || row.length() < n) {
            row = Nd4j.ones(dt, 1, Math.max(n, 1024));
            cache.put(dt, row);
        }
        return row.length() == n ? row : row.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, n));
    }

    /** Below this many multiply-adds per product, two independent products are not worth a hand-off. */
    private static final long PAIR_MIN = 1 << 18;

    /**
     * Whether two independent products of a [M, K] with [K, N] operands (the μ and log σ² layers,
     * the head's weight gradient and ∂g) go one to each of two threads ({@link TwoThreads}).
     */
    static boolean pairOnTwoThreads(INDArray a, INDArray b) {
        return a.rows() * a.columns() * b.columns() >= PAIR_MIN;
    }

    /**
     * The gradients of a dense layer out = in·W + b from δ = ∂loss/∂out, scaled by α:
     * ∂W = α·inᵀ·δ and ∂b = α·1ᵀ·δ (column sums as a gemm with the cached row of ones, measured
     * 5× faster than a Sum reduction).
     */
    static void denseGradients(INDArray in, INDArray delta, double alpha, INDArray dW, INDArray db) {
        gemmTransA(in, delta, dW, alpha, 0.0);
        gemm(onesRow(delta.dataType(), delta.rows()), delta, db, alpha, 0.0);
    }

    /**
     * The backward pass of a dense layer out = in·W + b from δ = ∂loss/∂out, scaled by α: ∂W and
     * ∂b as {@link #denseGradients}, and ∂in = α·δ·Wᵀ + β·∂in. The two products are independent:
     * large ones go one to each thread, whole ({@link #pairOnTwoThreads}, {@link TwoThreads}).
     */
    static void denseBackward(INDArray in, INDArray delta, INDArray w, double alpha, INDArray dW, INDArray db,
                              INDArray dIn, double beta) {
        TwoThreads.run(pairOnTwoThreads(in, w), () -> denseGradients(in, delta, alpha, dW, db),
                () -> gemmTransB(delta, w, dIn, alpha, beta));
    }

    /** Σ_i a_i·b_i over two arrays of the same length, each contiguous (BLAS dot). */
    static double dot(INDArray a, INDArray b) {
        return Nd4j.getBlasWrapper().dot(a, b);
    }

    /**
     * Σ_i a_i for a contiguous array, as a BLAS dot with a vector of ones at least as long
     * (a reduction to a scalar measured ~10× slower: it allocates and synchronizes).
     */
    static double sum(INDArray a, INDArray ones) {
        return Nd4j.getBlasWrapper().level1().dot(a.length(), 1.0, a, ones);
    }

    /**
     * Σ_i log q_i for a contiguous array of q_i ∈ [½, 1], overwriting q. Logarithms cost ~10 ns
     * each in ND4J, multiplications ~0.3 ns, so this takes the logarithms of products of 64
     * entries, Σ_i log q_i = Σ_groups log Π_group q_i, formed by multiplying the array's second
     * half into its first, six times. A product of 64 factors in [½, 1] is ≥ 2⁻⁶⁴, far from
     * underflow; its relative rounding error (≤ 64 ulp) is an absolute error of the same size in
     * its logarithm.
     */
    static double sumLogHalfToOne(INDArray q, INDArray ones) {
        INDArray flat = q.reshape('c', 1, q.length());
        long len = q.length();
        for (int level = 0; level < 6 && len % 2 == 0; level++) {
            long half = len / 2;
            flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half))
                    .muli(flat.get(NDArrayIndex.all(), NDArrayIndex.interval(half, len)));
            len = half;
        }
        INDArray products = flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, len));
        exec(new Log(products, products));
        return sum(products, ones);
    }

    /**
     * out = softplus(a) = max(a, 0) + log1p(exp(−|a|)), the graph's overflow-free form
     * ({@code Objectives.softplus}); out may be a itself. tmp is scratch of a's shape.
     */
    static void softplus(INDArray a, INDArray out, INDArray tmp) {
        exec(new Abs(a, tmp));
        exec(new Negative(tmp, tmp));
        exec(new Exp(tmp, tmp));
        exec(new Log1p(tmp, tmp));
        exec(new RectifiedLinear(a, out, 0.0));
        out.addi(tmp);
    }

    static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }
}
