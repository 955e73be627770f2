package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float Bernoulli kernel against a direct double-precision evaluation with the library's
 * exp/log1p, over logits from 0 and denormals to ±Float.MAX_VALUE, and over shapes whose rows
 * end mid-block.
 */
class BernoulliKernelTest {
    private static final float[] SPECIAL = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, -Float.MIN_VALUE, 0.5f, -0.5f,
        17f, -17f, 40f, -40f, 87f, -87f, 88.7f, -88.7f, 103f, -103f, 700f, -700f, 800f, -800f, 1e30f, -1e30f,
        Float.MAX_VALUE, -Float.MAX_VALUE};

    @Test
    void equalsTheDirectFormulasAcrossTheFloatRange() {
        int samples = 3;
        int m = 5;
        int d = 1001;                                   // 5005 entries per sample block: blocks of 2048, 2048, 909
        float[] x = data(m * d, 1);
        float[] logits = new float[samples * m * d];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = i % 7 == 0 ? SPECIAL[(i / 7) % SPECIAL.length] : (float) (r.nextGaussian() * 12);
        }
        float[] delta = new float[logits.length];
        double got = new BernoulliKernel().logLikelihoodAndDelta(logits, x, delta, samples * m, m, d);

        double want = 0;
        double sumAbs = 0;
        for (int i = 0; i < logits.length; i++) {
            double l = logits[i];
            double xi = x[i % (m * d)];
            double term = xi * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))));
            want += term;
            sumAbs += Math.abs(term);
            // sigmoid(ℓ) − x without cancellation: (1 − x) − sigmoid(−ℓ) for ℓ > 0
            double e = Math.exp(-Math.abs(l));
            float expected = (float) (l > 0 ? (1 - xi) - e / (1 + e) : e / (1 + e) - xi);
            assertTrue(Math.abs(delta[i] - expected) <= Math.ulp(expected),
                    "δ at ℓ = " + logits[i] + ", x = " + xi + ": " + delta[i] + " vs " + expected);
        }
        assertEquals(want, got, 1e-12 * sumAbs, "Σ log p");
    }

    @Test
    void theTermsOfSingleEntriesAreAccurate() {
        // one entry per case, so the sum is the term itself
        for (float l : SPECIAL) {
            for (float xi : new float[] {0f, 1f, 0.3f}) {
                float[] delta = new float[1];
                double got = new BernoulliKernel().logLikelihoodAndDelta(new float[] {l}, new float[] {xi}, delta, 1, 1, 1);
                double want = xi * (double) l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs((double) l))));
                assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)), "ℓ = " + l + ", x = " + xi);
            }
        }
    }

    @Test
    void sigmoidIsWithinAnUlpOfTheDoubleSigmoidAcrossTheRange() {
        int n = 5000;                                   // blocks of 2048, 2048, 904
        float[] v = new float[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            v[i] = i < SPECIAL.length ? SPECIAL[i] : (float) (r.nextGaussian() * 20);
        }
        v[n - 1] = Float.NaN;
        v[n - 2] = Float.POSITIVE_INFINITY;
        v[n - 3] = Float.NEGATIVE_INFINITY;
        float[] in = v.clone();
        new BernoulliKernel().sigmoid(v, n);
        for (int i = 0; i < n - 1; i++) {
            double l = in[i];
            double e = Math.exp(-Math.abs(l));
            float expected = (float) (l > 0 ? 1 / (1 + e) : e / (1 + e));
            assertTrue(Math.abs(v[i] - expected) <= Math.ulp(expected),
                    "sigmoid(" + in[i] + ") = " + v[i] + ", expected " + expected);
        }
        assertTrue(Float.isNaN(v[n - 1]), "sigmoid(NaN) = " + v[n - 1]);
        assertEquals(1f, v[n - 2]);
        assertEquals(0f, v[n - 3]);
        assertEquals(0.5f, v[0]);
    }

    @Test
    void nanLogitsGiveNanNotANumber() {
        float[] logits = {1f, Float.NaN, -2f};
        float[] delta = new float[3];
        double got = new BernoulliKernel().logLikelihoodAndDelta(logits, new float[] {0f, 1f, 1f}, delta, 1, 1, 3);
        assertTrue(Double.isNaN(got), "Σ log p = " + got);
        assertTrue(Float.isNaN(delta[1]), "δ = " + delta[1]);
        assertEquals((float) (1 / (1 + Math.exp(-1.0))), delta[0], 1e-7f);
    }

    @Test
    void twoThreadsOneThreadAndInPlaceGiveTheSameBits() {
        int m = 32;
        int d = 784;
        int rows = 2 * m;                                 // 50,176 entries: above the two-thread threshold
        float[] x = data(m * d, 3);
        float[] logits = new float[rows * d];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 9);
        }
        float[] d1 = new float[logits.length];
        float[] d2 = new float[logits.length];
        double v1 = new BernoulliKernel(true).logLikelihoodAndDelta(logits, x, d1, rows, m, d);
        double v2 = new BernoulliKernel(false).logLikelihoodAndDelta(logits, x, d2, rows, m, d);
        float[] inPlace = logits.clone();
        double v3 = new BernoulliKernel(true).logLikelihoodAndDelta(inPlace, x, inPlace, rows, m, d);
        assertEquals(Double.doubleToRawLongBits(v2), Double.doubleToRawLongBits(v1), v1 + " vs " + v2);
        assertEquals(Double.doubleToRawLongBits(v1), Double.doubleToRawLongBits(v3), v1 + " vs " + v3);
        assertArrayEquals(d2, d1);
        assertArrayEquals(d1, inPlace);
    }

    @Test
    void rowSumsAreTheRowsOfTheTotal() {
        int m = 3;
        int d = 2100;                                   // a row longer than one block
        int rows = 40;
        int firstRow = 5;                               // row r goes with x's row (5 + r) mod 3
        float[] x = data(m * d, 5);
        float[] logits = new float[rows * d];
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 15);
        }
        double[] out = new double[rows];
        new BernoulliKernel().logLikelihoodRows(logits, x, out, firstRow, rows, m, d);
        for (int row = 0; row < rows; row++) {
            double want = 0;
            double sumAbs = 0;
            for (int j = 0; j < d; j++) {
                double l = logits[row * d + j];
                double xi = x[((firstRow + row) % m) * d + j];
                double term = xi * l - (Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))));
                want += term;
                sumAbs += Math.abs(term);
            }
            assertEquals(want, out[row], 1e-12 * sumAbs, "row " + row);
        }
    }

    /** Pixel-like data: a third exactly 0, a third exactly 1, the rest uniform in (0, 1). */
    private static float[] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(3);
            x[i] = kind == 0 ? 0f : kind == 1 ? 1f : (float) r.nextDouble();
        }
        return x;
    }
}
