package org.vae4j.core.train;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products straight into OpenBLAS's cblas_?gemm (the library ND4J's CPU backend itself
 * links and runs its own products on), for float/double arrays with contiguous rows; anything
 * else, or a runtime without these bindings, goes through {@code Nd4j.gemm}. The results are the
 * same bits: {@code Nd4j.gemm} makes the same BLAS call, wrapped in a custom op (op context,
 * shape checks, several JNI round trips) that made a whole fused step 4–6% slower here
 * (paired A/B runs, batch 16–128).
 */
final class FusedBlas {
    private static final boolean DIRECT = probe();

    private FusedBlas() {
    }

    /** c = α·op(a)·op(b) + β·c, op = transpose where asked. */
    static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        DataType dt = c.dataType();
        if (!DIRECT || a.dataType() != dt || b.dataType() != dt || !rowMajor(a) || !rowMajor(b) || !rowMajor(c)) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        int m = (int) c.rows();
        int n = (int) c.columns();
        int k = (int) (transA ? a.rows() : a.columns());
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        // split when this thread holds the partner (a step), or, while OpenBLAS is held to one
        // thread, when the partner is free (a validation pass during training, say)
        // (not when the partner is busy with other work for this thread: the halves would both run
        // here, one after the other, slower than the whole product)
        Partner current = Partner.current();
        if ((dt == DataType.FLOAT || dt == DataType.DOUBLE) && (long) m * n * k >= SPLIT_WORK && Math.max(m, n) >= 2
                && (current == null ? Partner.blasOnOneThread() : !current.busy())) {
            try (Partner.Hold hold = Partner.open()) {
                if (hold != null) {
                    split(Partner.current(), dt, a, transA, b, transB, c, m, n, k, alpha, beta);
                    return;
                }
            }
        }
        if (dt == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, f(a), ld(a), f(b), ld(b), (float) beta, f(c), ld(c));
        } else if (dt == DataType.DOUBLE) {
            cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, d(a), ld(a), d(b), ld(b), beta, d(c), ld(c));
        } else {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
        }
    }

    /** Products of at least this many multiply-adds are split in two when a {@link Partner} is held. */
    static final long SPLIT_WORK = 1L << 22;

    /**
     * c = α·op(a)·op(b) + β·c as two products, one on the partner: c's rows in two halves when it
     * has at least as many rows as columns, else its columns (each half is the same BLAS call on
     * part of the operands, so every entry is computed as in the whole product).
     */
    private static void split(Partner partner, DataType dt, INDArray a, boolean transA, INDArray b, boolean transB,
                              INDArray c, int m, int n, int k, double alpha, double beta) {
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        int lda = ld(a);
        int ldb = ld(b);
        int ldc = ld(c);
        boolean rows = m >= n;
        int half = (rows ? m : n) / 2;
        // offsets of the second half: op(a)'s rows or op(b)'s columns, and c's block
        long aOff = rows ? (transA ? half : (long) half * lda) : 0;
        long bOff = rows ? 0 : (transB ? (long) half * ldb : half);
        long cOff = rows ? (long) half * ldc : half;
        int m1 = rows ? half : m;
        int n1 = rows ? n : half;
        int m2 = rows ? m - half : m;
        int n2 = rows ? n : n - half;
        if (dt == DataType.FLOAT) {
            FloatPointer pa = f(a);
            FloatPointer pb = f(b);
            FloatPointer pc = f(c);
            partner.run(
                    () -> cblas_sgemm(CblasRowMajor, ta, tb, m1, n1, k, (float) alpha, pa, lda, pb, ldb, (float) beta, pc, ldc),
                    () -> cblas_sgemm(CblasRowMajor, ta, tb, m2, n2, k, (float) alpha, offset(pa, aOff), lda,
                            offset(pb, bOff), ldb, (float) beta, offset(pc, cOff), ldc));
        } else {
            DoublePointer pa = d(a);
            DoublePointer pb = d(b);
            DoublePointer pc = d(c);
            partner.run(
                    () -> cblas_dgemm(CblasRowMajor, ta, tb, m1, n1, k, alpha, pa, lda, pb, ldb, beta, pc, ldc),
                    () -> cblas_dgemm(CblasRowMajor, ta, tb, m2, n2, k, alpha, offset(pa, aOff), lda,
                            offset(pb, bOff), ldb, beta, offset(pc, cOff), ldc));
        }
    }

    /** p advanced by {@code by} elements (a new pointer; p is unchanged). */
    static FloatPointer offset(FloatPointer p, long by) {
        return new FloatPointer(p).position(p.position() + by);
    }

    static DoublePointer offset(DoublePointer p, long by) {
        return new DoublePointer(p).position(p.position() + by);
    }

    /**
     * A 2-d array whose rows are contiguous: element [i, j] at i·stride(0) + j from its data
     * pointer. A single row qualifies whenever its entries are contiguous: ND4J gives [1, n]
     * arrays the strides [1, 1] (so the rows of ones of the bias products and bias gradients
     * went through {@code Nd4j.gemm} until session 4), and BLAS never steps from the one row to a next.
     */
    static boolean rowMajor(INDArray a) {
        if (a.rank() != 2 || a.isEmpty() || (a.stride(1) != 1 && a.columns() > 1)) {
            return false;
        }
        return a.rows() == 1 || (a.stride(0) >= a.columns() && a.stride(0) <= Integer.MAX_VALUE);
    }

    /** The leading dimension BLAS takes for a {@link #rowMajor} array (for a single row, its length). */
    static int ld(INDArray a) {
        return a.rows() == 1 ? (int) Math.max(1, a.columns()) : (int) a.stride(0);
    }

    /** The data pointer of a float array (a view's points at its first element). */
    static FloatPointer f(INDArray a) {
        return (FloatPointer) a.data().addressPointer();
    }

    /** The data pointer of a double array (a view's points at its first element). */
    static DoublePointer d(INDArray a) {
        return (DoublePointer) a.data().addressPointer();
    }

    /** Whether the bindings load and compute [1 2]·[3 4]ᵀ = 11 on this runtime. */
    private static boolean probe() {
        try {
            INDArray a = Nd4j.createFromArray(new float[][] {{1, 2}});
            INDArray b = Nd4j.createFromArray(new float[][] {{3, 4}});
            INDArray c = Nd4j.create(DataType.FLOAT, 1, 1);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1, 1, 2, 1f, f(a), 2, f(b), 2, 0f, f(c), 1);
            return c.getFloat(0) == 11f;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
