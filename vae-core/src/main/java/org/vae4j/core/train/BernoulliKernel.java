package org.vae4j.core.train;

/**
 * The Bernoulli head's element-wise work for float models, in one pass over Java arrays: for
 * logits ℓ [N, D] (N = L·M rows, sample-major: row n goes with x's row n mod M) and data x [M, D],
 * <pre>
 *   Σ_{n,d} log p(x|ℓ) = Σ [x·ℓ − softplus(ℓ)]   and   δ = sigmoid(ℓ) − x   (into ℓ's place).
 * </pre>
 * ND4J 1.0.0-M2.1 needs ~14 element-wise ops for this (its exp/log cost ~3 ns per entry, each
 * pass over a [512, 784] array ~0.3 ms when the arrays no longer fit the cache): 7.7 of a 30 ms
 * batch-512 step. Here each entry is visited once, in blocks small enough to stay in the L1/L2
 * cache, and the two halves of the rows run on two threads.
 *
 * <p>Arithmetic is in double, in loops the JIT vectorizes (only +, −, ×, ÷, fma, |·|, min and
 * max: a float↔int conversion, a {@code Math.exp} call or a conditional in the loop stops
 * HotSpot 17 from vectorizing it). With a = |ℓ|, E = exp(a) = (Σ_{k≤7} u^k/k!)^1024 for
 * u = a/1024 (ten squarings; the truncation error is below 10⁻¹⁰ relative for a ≤ 88, the range
 * where exp(−a) is a normal float; E = ∞ beyond a ≈ 709, which the formulas below take) and
 * t = 1/(1 + E) = sigmoid(−a) ∈ [0, ½]:
 * <pre>
 *   δ = sigmoid(ℓ) − x = H·((1 − x) − t) + (1 − H)·(t − x),   H = min(max(ℓ·10³⁰⁰, 0), 1)
 *   softplus(ℓ) = ℓ⁺ + log(1 + 1/E) = ℓ⁺ − log(1 − t),   ℓ⁺ = ½(ℓ + a)
 * </pre>
 * H is exactly 1 for ℓ &gt; 0 and 0 for ℓ ≤ 0 (t = ½ at ℓ = 0, where both branches agree), so
 * each δ comes from one branch without cancellation: sigmoid(ℓ) − 1 for large ℓ keeps its relative
 * accuracy (a float evaluation of sigmoid rounds it to 0). The logarithms are taken of products
 * of up to 515 factors 1 − t ∈ [½, 1] (no underflow in double), four per block. The ten squarings
 * multiply the polynomial's rounding error by 1024, so E, δ and each log-likelihood term are
 * accurate to ~10⁻¹³ relative before δ is rounded to float, where ND4J's float ops round to
 * ~10⁻⁷ at every step.
 *
 * <p>Not thread-safe (one per head; the model's lock serializes its users). Results are
 * independent of the thread count: the rows are always split at the same place and
 * the two halves' sums added in the same order.
 */
final class BernoulliKernel {
    /** Entries per block: six double arrays of this length stay within a core's L2 cache. */
    static final int BLOCK = 2048;
    /** Below this many entries the second thread is not worth its hand-off. */
    private static final long PARALLEL_MIN = 1 << 15;

    private final Scratch[] scratch = {new Scratch(), new Scratch()};
    private final boolean parallel;

    /** A kernel that runs large inputs on two threads ({@link TwoThreads}). */
    BernoulliKernel() {
        this(true);
    }

    /** @param parallel whether large inputs may use a second thread (the results are the same bits either way) */
    BernoulliKernel(boolean parallel) {
        this.parallel = parallel;
    }

    /** Per-thread block buffers. */
    private static final class Scratch {
        final double[] l = new double[BLOCK];
        final double[] x = new double[BLOCK];
        final double[] e = new double[BLOCK];
        final double[] g = new double[BLOCK];
        final double[] w = new double[BLOCK];
        final double[] q = new double[BLOCK];
    }

    /**
     * Σ_{n,d} [x·ℓ − softplus(ℓ)] over all N rows; writes δ = sigmoid(ℓ) − x into {@code delta}
     * (which may be {@code logits} itself).
     *
     * @param logits [N, D] row-major, N = rows
     * @param x      [M, D] row-major, M divides N
     * @param delta  [N, D] row-major output
     */
    double logLikelihoodAndDelta(float[] logits, float[] x, float[] delta, int rows, int m, int d) {
        return logLikelihoodAndDelta(logits, x, delta, rows, m, d, null);
    }

    /** Fills the arrays' rows [r0, r1) before a half computes them, and takes its δ rows after. */
    interface RowIo {
        void load(int r0, int r1);

        void store(int r0, int r1);
    }

    /**
     * As {@link #logLikelihoodAndDelta(float[], float[], float[], int, int, int)}, each half
     * calling {@code io} (may be null) for its rows before and after: the caller's copies in and
     * out of native memory then run in the halves too.
     */
    double logLikelihoodAndDelta(float[] logits, float[] x, float[] delta, int rows, int m, int d, RowIo io) {
        if (rows % m != 0 || (long) rows * d > logits.length || (long) m * d > x.length || delta.length < logits.length) {
            throw new IllegalArgumentException("logits [" + rows + ", " + d + "] and x [" + m + ", " + d
                    + "] do not fit arrays of " + logits.length + " and " + x.length + " entries");
        }
        int half = rows / 2;
        double[] part = new double[2];
        TwoThreads.run(parallel && (long) rows * d >= PARALLEL_MIN,
                () -> part[0] = rows(logits, x, delta, 0, half, m, d, scratch[0], io),
                () -> part[1] = rows(logits, x, delta, half, rows, m, d, scratch[1], io));
        return part[0] + part[1];
    }

    /**
     * log p(x_{n mod M} | ℓ_n) = Σ_d [x·ℓ − softplus(ℓ)] for each of the N rows, into {@code out}
     * (the per-row log-likelihoods of the importance-weighted evaluation; no δ).
     *
     * @param firstRow the index of logits' first row in the sample-major order (which x row it goes with)
     */
    void logLikelihoodRows(float[] logits, float[] x, double[] out, int firstRow, int rows, int m, int d) {
        if ((long) rows * d > logits.length || (long) m * d > x.length || out.length < rows) {
            throw new IllegalArgumentException("logits [" + rows + ", " + d + "] and x [" + m + ", " + d
                    + "] do not fit arrays of " + logits.length + " and " + x.length + " entries");
        }
        int half = rows / 2;
        TwoThreads.run(parallel && (long) rows * d >= PARALLEL_MIN,
                () -> rowSums(logits, x, out, firstRow, 0, half, m, d, scratch[0]),
                () -> rowSums(logits, x, out, firstRow, half, rows, m, d, scratch[1]));
    }

    private static void rowSums(float[] logits, float[] x, double[] out, int firstRow, int r0, int r1, int m, int d,
                                Scratch s) {
        for (int r = r0; r < r1; r++) {
            int xo = ((firstRow + r) % m) * d;
            double sum = 0;
            for (int off = 0; off < d; off += BLOCK) {
                sum += block(logits, x, null, r * d + off, xo + off, Math.min(BLOCK, d - off), s, false);
            }
            out[r] = sum;
        }
    }

    /** Rows [r0, r1), in runs whose logits and x entries are both contiguous (within one sample block). */
    private static double rows(float[] logits, float[] x, float[] delta, int r0, int r1, int m, int d, Scratch s,
                               RowIo io) {
        if (io == null) {
            return rows(logits, x, delta, r0, r1, m, d, s);
        }
        io.load(r0, r1);
        double total = rows(logits, x, delta, r0, r1, m, d, s);
        io.store(r0, r1);
        return total;
    }

    private static double rows(float[] logits, float[] x, float[] delta, int r0, int r1, int m, int d, Scratch s) {
        double total = 0;
        int r = r0;
        while (r < r1) {
            int runEnd = Math.min(r1, (r / m + 1) * m);
            int lo = r * d;
            int xo = (r % m) * d;
            int len = (runEnd - r) * d;
            for (int off = 0; off < len; off += BLOCK) {
                total += block(logits, x, delta, lo + off, xo + off, Math.min(BLOCK, len - off), s);
            }
            r = runEnd;
        }
        return total;
    }

    /** One block of {@code n} entries: logits/delta from {@code lo}, x from {@code xo}. */
    private static double block(float[] logits, float[] xs, float[] delta, int lo, int xo, int n, Scratch s) {
        return block(logits, xs, delta, lo, xo, n, s, true);
    }

    /** One block; δ is written only when {@code withDelta}. */
    private static double block(float[] logits, float[] xs, float[] delta, int lo, int xo, int n, Scratch s,
                                boolean withDelta) {
        double[] l = s.l;
        double[] x = s.x;
        double[] e = s.e;
        double[] g = s.g;
        double[] w = s.w;
        double[] q = s.q;
        for (int i = 0; i < n; i++) {
            l[i] = logits[lo + i];
        }
        for (int i = 0; i < n; i++) {
            x[i] = xs[xo + i];
        }
        expAbs(l, e, n);
        for (int i = 0; i < n; i++) {                           // δ = sigmoid(ℓ) − x;  q = 1 − t
            double t = 1.0 / (1.0 + e[i]);
            double h = Math.min(Math.max(l[i] * 1e300, 0.0), 1.0);
            double xi = x[i];
            g[i] = h * ((1.0 - xi) - t) + (1.0 - h) * (t - xi);
            q[i] = 1.0 - t;
        }
        for (int i = 0; i < n; i++) {                           // x·ℓ − ℓ⁺
            double li = l[i];
            w[i] = x[i] * li - 0.5 * (li + Math.abs(li));
        }
        if (withDelta) {
            for (int i = 0; i < n; i++) {
                delta[lo + i] = (float) g[i];
            }
        }
        return sumPlusSumOfLogs(w, q, n);
    }

    /** e[i] = exp(|l[i]|) for i &lt; n, as in the class comment (a loop HotSpot vectorizes). */
    private static void expAbs(double[] l, double[] e, int n) {
        for (int i = 0; i < n; i++) {
            double u = Math.abs(l[i]) * 0x1p-10;
            double p = Math.fma(1.0 / 5040, u, 1.0 / 720);
            p = Math.fma(p, u, 1.0 / 120);
            p = Math.fma(p, u, 1.0 / 24);
            p = Math.fma(p, u, 1.0 / 6);
            p = Math.fma(p, u, 0.5);
            p = Math.fma(p, u, 1.0);
            p = Math.fma(p, u, 1.0);
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            e[i] = p;
        }
    }

    /**
     * v[i] ← sigmoid(v[i]) for i &lt; n (the Bernoulli means at test time), on the calling thread:
     * t + H·(1 − 2t) with t = 1/(1 + exp(|ℓ|)) and H as in the class comment, i.e. 1 − t for
     * ℓ &gt; 0 and t otherwise; NaN stays NaN.
     */
    void sigmoid(float[] v, int n) {
        Scratch s = scratch[0];
        double[] l = s.l;
        double[] e = s.e;
        for (int o = 0; o < n; o += BLOCK) {
            int m = Math.min(BLOCK, n - o);
            for (int i = 0; i < m; i++) {
                l[i] = v[o + i];
            }
            expAbs(l, e, m);
            for (int i = 0; i < m; i++) {
                double t = 1.0 / (1.0 + e[i]);
                double h = Math.min(Math.max(l[i] * 1e300, 0.0), 1.0);
                e[i] = t + h * (1.0 - 2.0 * t);
            }
            for (int i = 0; i < m; i++) {
                v[o + i] = (float) e[i];
            }
        }
    }

    /**
     * Σ w[i] + Σ log q[i] over n ≤ {@link #BLOCK} entries, q[i] ∈ [½, 1]: four running sums and
     * four running products (each of at most 515 factors, so ≥ 2⁻⁵¹⁵, far from underflow in
     * double), independent chains the CPU overlaps, and four logarithms.
     */
    static double sumPlusSumOfLogs(double[] w, double[] q, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += w[i];
            s1 += w[i + 1];
            s2 += w[i + 2];
            s3 += w[i + 3];
            p0 *= q[i];
            p1 *= q[i + 1];
            p2 *= q[i + 2];
            p3 *= q[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[i];
            p0 *= q[i];
        }
        return (s0 + s1) + (s2 + s3) + ((Math.log(p0) + Math.log(p1)) + (Math.log(p2) + Math.log(p3)));
    }
}
