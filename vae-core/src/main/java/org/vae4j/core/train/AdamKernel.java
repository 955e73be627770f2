package org.vae4j.core.train;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam for one variable, computed in one pass over Java arrays: what ND4J's {@code adam_updater}
 * op followed by {@code param.subi(update)} computes, with the L2 term folded in. With
 * t = iteration + 1:
 * <pre>
 *   g ← ∇θ + λ·θ;   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;
 *   θ ← θ − α_t · m / (√v + ε),   α_t = α·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
 * </pre>
 * (Kingma &amp; Ba's "more efficient" ordering, as ND4J has it: ε is added before the bias
 * correction.)
 *
 * <p>Why: ND4J 1.0.0-M2.1's op costs ~8 ns per element plus ~50 µs per call on this CPU; for the
 * 14 variables of a 784-200-200-50 model that was 5 ms of an 11 ms minibatch-20 step. Here the
 * moments m and v live in two Java arrays (one array [m | v] read at i and n + i kept the JIT from
 * vectorizing the loop), θ and ∇θ are copied in and θ out with a memcpy per half, and the loop costs
 * ~1 ns per element; a loop over the native memory through NIO buffers was 5× slower. The state
 * array the model file stores ([m | v], as ND4J's {@code AdamUpdater} lays out its state view) is
 * written by {@link #store} and read by {@link #load}: the {@link ParameterUpdater} calls them
 * when its state is read or restored.
 *
 * <p>For dense float/double parameters ({@link #of}); the caller uses ND4J's updater for others.
 * Not thread-safe (the model's lock serializes training).
 */
final class AdamKernel {
    private final int n;
    private final DataType dataType;
    /** The first and second moments; two arrays, not one [m | v], so the JIT can vectorize the loop. */
    private final float[] floatM;
    private final float[] floatV;
    private final double[] doubleM;
    private final double[] doubleV;

    private AdamKernel(int n, DataType dataType) {
        this.n = n;
        this.dataType = dataType;
        boolean f = dataType == DataType.FLOAT;
        this.floatM = f ? new float[n] : null;
        this.floatV = f ? new float[n] : null;
        this.doubleM = f ? null : new double[n];
        this.doubleV = f ? null : new double[n];
    }

    /** A kernel for this parameter, its state loaded from {@code state} ([1, 2n]); null when it does not apply. */
    static AdamKernel of(INDArray param, INDArray state) {
        DataType dt = param.dataType();
        long n = param.length();
        if ((dt != DataType.FLOAT && dt != DataType.DOUBLE) || n < 1 || n > Integer.MAX_VALUE / 2
                || !plain(param, dt) || state == null || state.length() != 2 * n || !plain(state, dt)) {
            return null;
        }
        AdamKernel k = new AdamKernel((int) n, dt);
        k.load(state);
        return k;
    }

    /** A dense c-order array of this type that owns its whole buffer (so its data pointer is element 0). */
    private static boolean plain(INDArray a, DataType dt) {
        return a.dataType() == dt && a.ordering() == 'c' && a.elementWiseStride() == 1 && !a.isEmpty() && !a.isView();
    }

    int length() {
        return n;
    }

    /**
     * θ ← θ − α_t·m/(√v + ε) after updating m and v with g = grad + λ·θ (see the class comment).
     * The gradient is not modified.
     *
     * @param scratchF  two float arrays of at least {@link #length()} elements when the type is
     *                  float (θ and g are copied into them), else unused
     * @param scratchD  the same for double
     * @param iteration the 0-based count of updates so far (t = iteration + 1)
     */
    void step(INDArray param, INDArray grad, float[][] scratchF, double[][] scratchD, double lr, double beta1,
              double beta2, double epsilon, int iteration, double weightDecay) {
        if (param.length() != n || grad.length() != n) {
            throw new IllegalArgumentException("Adam state is for " + n + " values, got a parameter of "
                    + param.length() + " and a gradient of " + grad.length());
        }
        INDArray g = plain(grad, dataType) ? grad : grad.castTo(dataType).dup('c');
        boolean direct = plain(param, dataType);
        INDArray p = direct ? param : param.castTo(dataType).dup('c');
        double t = iteration + 1.0;
        double alphaT = lr * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t));
        if (Double.isNaN(alphaT) || Double.isInfinite(alphaT) || alphaT == 0) {
            alphaT = epsilon;                                  // as ND4J's kernel does
        }
        // each half copies its own range of θ and ∇θ in and θ out (three memcpys that were a
        // third of the update's time when the main thread made them alone)
        if (dataType == DataType.FLOAT) {
            float[] theta = scratchF[0];
            float[] gs = scratchF[1];
            FloatPointer pp = floats(p);
            FloatPointer gp = floats(g);
            float a = (float) alphaT;
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float eps = (float) epsilon;
            float wd = (float) weightDecay;
            inHalves(n, (from, to) -> {
                FloatPointer pFrom = FusedBlas.offset(pp, from);
                pFrom.get(theta, from, to - from);
                FusedBlas.offset(gp, from).get(gs, from, to - from);
                stepFloat(theta, gs, floatM, floatV, from, to, a, b1, b2, eps, wd);
                pFrom.put(theta, from, to - from);
            });
        } else {
            double[] theta = scratchD[0];
            double[] gs = scratchD[1];
            DoublePointer pp = doubles(p);
            DoublePointer gp = doubles(g);
            double a = alphaT;
            inHalves(n, (from, to) -> {
                DoublePointer pFrom = FusedBlas.offset(pp, from);
                pFrom.get(theta, from, to - from);
                FusedBlas.offset(gp, from).get(gs, from, to - from);
                stepDouble(theta, gs, doubleM, doubleV, from, to, a, beta1, beta2, epsilon, weightDecay);
                pFrom.put(theta, from, to - from);
            });
        }
        if (!direct) {
            param.assign(p);
        }
    }

    /** Below this many values the second thread is not worth its hand-off. */
    private static final int PARALLEL_MIN = 1 << 16;

    /** A loop body over [from, to). */
    private interface Range {
        void run(int from, int to);
    }

    /**
     * body(0, n), for large n as body(0, n/2) and body(n/2, n) at the same time
     * ({@link TwoThreads}): each value's update depends only on its own θ, ∇θ, m and v, so the
     * result is the same either way.
     */
    private static void inHalves(int n, Range body) {
        int half = n / 2;
        TwoThreads.run(n >= PARALLEL_MIN, () -> body.run(0, half), () -> body.run(half, n));
    }

    private static void stepFloat(float[] p, float[] g, float[] m, float[] v, int from, int to, float alphaT,
                                  float beta1, float beta2, float epsilon, float weightDecay) {
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int i = from; i < to; i++) {
            float theta = p[i];
            float gi = g[i] + weightDecay * theta;
            float mi = beta1 * m[i] + oneMinusBeta1 * gi;
            float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = theta - mi * alphaT / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    private static void stepDouble(double[] p, double[] g, double[] m, double[] v, int from, int to, double alphaT,
                                   double beta1, double beta2, double epsilon, double weightDecay) {
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            double theta = p[i];
            double gi = g[i] + weightDecay * theta;
            double mi = beta1 * m[i] + oneMinusBeta1 * gi;
            double vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = theta - mi * alphaT / (Math.sqrt(vi) + epsilon);
        }
    }

    /** Sets moments smaller than {@code threshold} in magnitude to zero (denormals slow every kernel down). */
    void flushBelow(double threshold) {
        if (floatM != null) {
            flush(floatM, (float) threshold);
            flush(floatV, (float) threshold);
        } else {
            flush(doubleM, threshold);
            flush(doubleV, threshold);
        }
    }

    private static void flush(float[] a, float threshold) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) < threshold) {
                a[i] = 0f;
            }
        }
    }

    private static void flush(double[] a, double threshold) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) < threshold) {
                a[i] = 0.0;
            }
        }
    }

    /** Writes the moments [m | v] into {@code state} (the array the model file stores). */
    void store(INDArray state) {
        if (floatM != null) {
            floats(state).put(floatM, 0, n).position(n).put(floatV, 0, n);
        } else {
            doubles(state).put(doubleM, 0, n).position(n).put(doubleV, 0, n);
        }
    }

    /** Reads the moments [m | v] from {@code state}. */
    void load(INDArray state) {
        if (floatM != null) {
            floats(state).get(floatM, 0, n).position(n).get(floatV, 0, n);
        } else {
            doubles(state).get(doubleM, 0, n).position(n).get(doubleV, 0, n);
        }
    }

    private static FloatPointer floats(INDArray a) {
        return new FloatPointer((FloatPointer) a.data().addressPointer()).position(0);
    }

    private static DoublePointer doubles(INDArray a) {
        return new DoublePointer((DoublePointer) a.data().addressPointer()).position(0);
    }
}
