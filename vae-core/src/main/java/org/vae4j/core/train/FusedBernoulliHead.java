package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bernoulli p(x|z) from logits ℓ = g·W + b (the graph's {@code BernoulliHead}):
 * log p(x|z) = Σ_d [x_d·ℓ_d − softplus(ℓ_d)] and ∂(−log p)/∂ℓ = sigmoid(ℓ) − x.
 *
 * <p>In the training step, float models compute both in {@link BernoulliKernel} (one pass over
 * Java copies of ℓ and x, two threads), double models with ND4J ops on the workspace. For the
 * latter, transcendental functions are the expensive element-wise ops (~5 ns per entry against
 * ~0.3 ns for arithmetic), so both the value and the gradient come from one e = exp(−|ℓ|) ∈ (0, 1],
 * without cancellation and without overflow:
 * <pre>
 *   softplus(ℓ) = ℓ⁺ + log(1 + e) = ℓ⁺ − log r,        r = 1/(1 + e) = sigmoid(|ℓ|) ∈ [½, 1]
 *   sigmoid(ℓ)  = H(ℓ) − sign(ℓ)·e·r                   (r for ℓ &gt; 0, e·r for ℓ &lt; 0)
 * </pre>
 * with H the step function. At ℓ = 0 exactly this gives 0, as the graph's gradient of
 * relu(ℓ) + log1p(exp(−|ℓ|)) does (relu'(0) = sign(0) = 0).
 */
final class FusedBernoulliHead extends FusedHead {
    private static final String W = "dec_out_W";
    private static final String B = "dec_out_b";

    private final BernoulliKernel kernel = new BernoulliKernel();
    /** Java copies of ℓ (then δ) and x for the float kernel, grown as needed. */
    private float[] logitsHeap;
    private float[] xHeap;

    @Override
    List<String> variables() {
        return List.of(W, B);
    }

    @Override
    int buffers() {
        return 3;
    }

    @Override
    INDArray mean(SameDiff sd, INDArray g) {
        INDArray p = FusedForward.dense(sd, g, W, B);
        // p is dense()'s new c-order array, so its data is its elements in order
        if (p.dataType() == DataType.FLOAT && p.length() <= Integer.MAX_VALUE) {
            // ND4J's sigmoid right after the product took 0.31–0.71 ms for [128, 784] here, while
            // OpenBLAS's worker still spins; with this one-thread pass InferenceBench (sampleLatent
            // and decode) ran 4–23 % faster (docs/benchmarks.md, session 11)
            int n = (int) p.length();
            float[] v = new float[n];
            FloatPointer data = FusedBlas.f(p);
            data.get(v, 0, n);
            kernel.sigmoid(v, n);
            data.put(v, 0, n);
        } else {
            FusedOps.exec(new Sigmoid(p, p));
        }
        return p;
    }

    @Override
    boolean hasLogLikelihoodRows() {
        return true;
    }

    /** Σ_d [x_d·ℓ_d − softplus(ℓ_d)] per row, softplus in the graph's overflow-free form. */
    @Override
    INDArray logLikelihoodRows(SameDiff sd, INDArray x, INDArray g) {
        INDArray logits = FusedForward.dense(sd, g, W, B);
        if (logits.dataType() == DataType.FLOAT && x.dataType() == DataType.FLOAT) {
            try {
                return kernelLogLikelihoodRows(logits, x);
            } finally {
                logits.close();
            }
        }
        INDArray softplus = logits.ulike();
        INDArray tmp = logits.ulike();
        try {
            FusedOps.softplus(logits, softplus, tmp);
            long m = x.rows();
            for (long s = 0; s < logits.rows() / m; s++) {
                logits.get(NDArrayIndex.interval(s * m, (s + 1) * m), NDArrayIndex.all()).muli(x);
            }
            logits.subi(softplus);
            INDArray rows = Nd4j.create(logits.dataType(), logits.rows(), 1);
            FusedOps.rowSums(logits, rows, 1.0);
            return rows;
        } finally {
            for (INDArray a : new INDArray[] {logits, softplus, tmp}) {
                a.close();
            }
        }
    }

    /** Rows of the kernel's heap copy of ℓ per pass in {@link #kernelLogLikelihoodRows} (bounds the Java heap used). */
    private static final int ROWS_PER_PASS = 512;

    /** Float: {@link BernoulliKernel#logLikelihoodRows} over Java copies of ℓ, ROWS_PER_PASS rows at a time. */
    private INDArray kernelLogLikelihoodRows(INDArray logits, INDArray data) {
        // the kernel reads x's memory row by row: a column-major or strided x is copied first
        INDArray x = FusedForward.plain(data);
        try {
            return kernelLogLikelihoodRows(logits, x, Math.toIntExact(logits.rows()));
        } finally {
            FusedForward.closeUnless(x, data);
        }
    }

    private INDArray kernelLogLikelihoodRows(INDArray logits, INDArray x, int rows) {
        int m = Math.toIntExact(x.rows());
        int d = Math.toIntExact(x.columns());
        int pass = Math.min(rows, ROWS_PER_PASS);
        float[] xs = new float[Math.multiplyExact(m, d)];
        float[] ls = new float[Math.multiplyExact(pass, d)];
        double[] sums = new double[pass];
        float[] out = new float[rows];
        FusedBlas.f(x).get(xs, 0, xs.length);
        FloatPointer base = FusedBlas.f(logits);
        for (int r = 0; r < rows; r += pass) {
            int n = Math.min(pass, rows - r);
            FusedBlas.offset(base, (long) r * d).get(ls, 0, n * d);
            kernel.logLikelihoodRows(ls, xs, sums, r, n, m, d);
            for (int i = 0; i < n; i++) {
                out[r + i] = (float) sums[i];
            }
        }
        return Nd4j.create(out, new long[] {rows, 1}, DataType.FLOAT);
    }

    @Override
    double logLikelihoodAndBackward(SameDiff sd, INDArray x, INDArray g, INDArray dg, FusedWorkspace ws,
                                    Map<String, INDArray> grads) {
        INDArray w = sd.getArrForVarName(W);
        INDArray logits = ws.out[0];
        FusedOps.dense(g, w, sd.getArrForVarName(B), logits);                 // ℓ = g·W + b
        double logLik = logits.dataType() == DataType.FLOAT && x.dataType() == DataType.FLOAT
                ? kernelLogLikelihoodAndDelta(logits, x)
                : nd4jLogLikelihoodAndDelta(x, logits, ws);
        // the loss's 1/N goes into the gemms' α; the weight gradient and ∂g are independent
        // products of δ: large ones go one to each thread, whole
        FusedOps.denseBackward(g, logits, w, 1.0 / ws.n, grads.get(W), grads.get(B), dg, 0.0);
        return logLik;
    }

    /**
     * Float: {@link BernoulliKernel} on Java copies of ℓ and x, δ written back over ℓ; each half
     * of the kernel copies its own rows in and out.
     */
    private double kernelLogLikelihoodAndDelta(INDArray logits, INDArray x) {
        int rows = Math.toIntExact(logits.rows());
        int m = Math.toIntExact(x.rows());
        int d = Math.toIntExact(x.columns());
        int n = Math.multiplyExact(rows, d);
        if (logitsHeap == null || logitsHeap.length < n) {
            logitsHeap = new float[n];
        }
        if (xHeap == null || xHeap.length < m * d) {
            xHeap = new float[m * d];
        }
        FloatPointer lp = FusedBlas.f(logits);
        FloatPointer xp = FusedBlas.f(x);
        boolean oneSample = rows == m;                                     // L = 1: ℓ row r goes with x row r
        if (!oneSample) {
            xp.get(xHeap, 0, m * d);
        }
        float[] l = logitsHeap;
        float[] xs = xHeap;
        return kernel.logLikelihoodAndDelta(l, xs, l, rows, m, d, new BernoulliKernel.RowIo() {
            @Override
            public void load(int r0, int r1) {
                int from = r0 * d;
                int len = (r1 - r0) * d;
                FusedBlas.offset(lp, from).get(l, from, len);
                if (oneSample) {
                    FusedBlas.offset(xp, from).get(xs, from, len);
                }
            }

            @Override
            public void store(int r0, int r1) {
                FusedBlas.offset(lp, (long) r0 * d).put(l, r0 * d, (r1 - r0) * d);
            }
        });
    }

    /**
     * Double: ND4J ops on the workspace; δ = sigmoid(ℓ) − x written over ℓ. (Double models are
     * for checking, so their speed matters less than their being computed by other code.)
     */
    private static double nd4jLogLikelihoodAndDelta(INDArray x, INDArray logits, FusedWorkspace ws) {
        INDArray er = ws.out[1];
        INDArray tmp = ws.out[2];
        // Σ_{l,m,d} x·ℓ: x broadcasts over the L sample blocks
        double xDotLogits = 0;
        for (INDArray sample : ws.outBySample[0]) {
            xDotLogits += FusedOps.dot(x, sample);
        }
        FusedOps.exec(new RectifiedLinear(logits, tmp, 0.0));
        double positivePart = FusedOps.sum(tmp, ws.ones);                     // Σ ℓ⁺
        FusedOps.exec(new Abs(logits, er));
        FusedOps.exec(new Negative(er, er));
        FusedOps.exec(new Exp(er, er));                                        // e = exp(−|ℓ|)
        er.add(1.0, tmp);
        FusedOps.exec(new Reciprocal(tmp, tmp));                               // r = 1/(1 + e)
        er.muli(tmp);                                                          // e·r
        double logOnePlusE = -FusedOps.sumLogHalfToOne(tmp, ws.ones);          // Σ log(1 + e) = −Σ log r
        double logLik = xDotLogits - positivePart - logOnePlusE;

        // δ = ∂(−Σ log p)/∂ℓ = sigmoid(ℓ) − x = H(ℓ) − sign(ℓ)·e·r − x, in place of ℓ
        FusedOps.exec(new Step(logits, tmp));
        FusedOps.exec(new Sign(logits, logits));
        logits.muli(er);
        tmp.sub(logits, logits);
        for (INDArray sample : ws.outBySample[0]) {
            sample.subi(x);
        }
        return logLik;
    }
}
