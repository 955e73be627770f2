package org.vae4j.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few array primitives the fused step is built from. Every product is one BLAS gemm with
 * transpose flags into a preallocated contiguous output ({@code INDArray.mmul} on transposed
 * views copies and was measured 2–23× slower, PERFORMANCE.md §2).
 */
final class FusedOps {
    private FusedOps() {
    }

    /** c = α·a·b + β·c. */
    static void gemm(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        Nd4j.gemm(a, b, c, false, false, alpha, beta);
    }

    /** c = α·aᵀ·b + β·c. */
    static void gemmTransA(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        Nd4j.gemm(a, b, c, true, false, alpha, beta);
    }

    /** c = α·a·bᵀ + β·c. */
    static void gemmTransB(INDArray a, INDArray b, INDArray c, double alpha, double beta) {
        Nd4j.gemm(a, b, c, false, true, alpha, beta);
    }

    /** out = in·W + b, the dense layer of {@code Mlp.dense} (b [1, n] added to every row). */
    static void dense(INDArray in, INDArray w, INDArray b, INDArray out) {
        gemm(in, w, out, 1.0, 0.0);
        out.addiRowVector(b);
    }

    /**
     * The gradients of a dense layer out = in·W + b from δ = ∂loss/∂out, scaled by α:
     * ∂W = α·inᵀ·δ and ∂b = α·1ᵀ·δ (column sums as a gemm with a row of ones, measured 5× faster
     * than a Sum reduction).
     */
    static void denseGradients(INDArray in, INDArray delta, INDArray ones, double alpha, INDArray dW, INDArray db) {
        gemmTransA(in, delta, dW, alpha, 0.0);
        gemm(ones, delta, db, alpha, 0.0);
    }

    /** Σ_i a_i·b_i over two arrays of the same length, each contiguous (BLAS dot). */
    static double dot(INDArray a, INDArray b) {
        return Nd4j.getBlasWrapper().dot(a, b);
    }

    /** Σ_i a_i. */
    static double sum(INDArray a) {
        return a.sumNumber().doubleValue();
    }

    /**
     * out = softplus(a) = max(a, 0) + log1p(exp(−|a|)), the graph's overflow-free form
     * ({@code Objectives.softplus}); out may be a itself. tmp is scratch of a's shape.
     */
    static void softplus(INDArray a, INDArray out, INDArray tmp) {
        logOnePlusExpMinusAbs(a, tmp);
        exec(new RectifiedLinear(a, out, 0.0));
        out.addi(tmp);
    }

    /** Σ_i softplus(a_i), as {@link #softplus} but without materializing it; tmp is scratch. */
    static double sumSoftplus(INDArray a, INDArray tmp) {
        exec(new RectifiedLinear(a, tmp, 0.0));
        double positive = sum(tmp);
        logOnePlusExpMinusAbs(a, tmp);
        return positive + sum(tmp);
    }

    /** tmp = log1p(exp(−|a|)). */
    private static void logOnePlusExpMinusAbs(INDArray a, INDArray tmp) {
        exec(new Abs(a, tmp));
        exec(new Negative(tmp, tmp));
        exec(new Exp(tmp, tmp));
        exec(new Log1p(tmp, tmp));
    }

    static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }
}
