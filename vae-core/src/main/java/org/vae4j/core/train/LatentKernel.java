package org.vae4j.core.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fused step's latent layer over Java arrays: the reparameterization z_l = μ + σ ⊙ ε_l with
 * σ = exp(½ log σ²), the KL term, and its backward pass to ∂μ and ∂log σ² (the formulas are in
 * {@link FusedStep}). Its arrays are [M, J] and [L·M, J], a few thousand entries, where ND4J's
 * ~20 element-wise calls cost their fixed ~20–50 µs each (1.2–1.4 ms of a step here); here one
 * copy in and out of each array and a loop, in double whatever the model's type.
 *
 * <p>Not thread-safe; {@link #forward} keeps μ, σ and ε for the {@link #backward} that follows.
 */
final class LatentKernel {
    private double[] mu = new double[0];
    private double[] sigma = new double[0];
    private double[] eps = new double[0];
    private double[] buf = new double[0];
    private double[] dMu = new double[0];
    private double[] dLv = new double[0];
    private float[] floats = new float[0];
    private int mj;
    private int l;

    /**
     * z = μ + σ ⊙ ε_l for every sample block (written into {@code z}); returns Σ_m KL_m =
     * −½ Σ_{m,j} (1 + log σ² − μ² − σ²).
     *
     * @param mean   μ [M, J]
     * @param logVar log σ² [M, J]
     * @param noise  ε [L·M, J], sample-major
     * @param z      output [L·M, J]
     */
    double forward(INDArray mean, INDArray logVar, INDArray noise, INDArray z) {
        mj = Math.toIntExact(mean.length());
        l = Math.toIntExact(noise.length() / mj);
        int n = l * mj;
        if (mu.length < mj) {
            mu = new double[mj];
            sigma = new double[mj];
            dMu = new double[mj];
            dLv = new double[mj];
        }
        if (eps.length < n) {
            eps = new double[n];
            buf = new double[n];
        }
        read(mean, mu, mj);
        read(logVar, sigma, mj);
        read(noise, eps, n);
        double kl = 0;
        for (int i = 0; i < mj; i++) {
            double lv = sigma[i];
            double s = Math.exp(0.5 * lv);
            sigma[i] = s;
            kl += 1 + lv - mu[i] * mu[i] - s * s;
        }
        for (int b = 0; b < l; b++) {
            int o = b * mj;
            for (int i = 0; i < mj; i++) {
                buf[o + i] = mu[i] + sigma[i] * eps[o + i];
            }
        }
        write(buf, z, n);
        return -0.5 * kl;
    }

    /**
     * From ∂loss/∂z [L·M, J] to ∂μ = Σ_l ∂z_l + (β/M)·μ and
     * ∂log σ² = ½·σ ⊙ Σ_l (∂z_l ⊙ ε_l) + (β/(2M))·(σ² − 1), for the last {@link #forward}.
     */
    void backward(INDArray dz, double beta, int m, INDArray dMean, INDArray dLogVar) {
        int n = l * mj;
        read(dz, buf, n);
        java.util.Arrays.fill(dMu, 0, mj, 0.0);
        java.util.Arrays.fill(dLv, 0, mj, 0.0);
        for (int b = 0; b < l; b++) {
            int o = b * mj;
            for (int i = 0; i < mj; i++) {
                dMu[i] += buf[o + i];
                dLv[i] += buf[o + i] * eps[o + i];
            }
        }
        double klMean = beta / m;
        for (int i = 0; i < mj; i++) {
            double s = sigma[i];
            dMu[i] += klMean * mu[i];
            dLv[i] = 0.5 * s * dLv[i] + 0.5 * klMean * (s * s - 1);
        }
        write(dMu, dMean, mj);
        write(dLv, dLogVar, mj);
    }

    /** The first n values of a plain (contiguous, c-order) float or double array. */
    private void read(INDArray a, double[] dst, int n) {
        if (a.dataType() == DataType.DOUBLE) {
            FusedBlas.d(a).get(dst, 0, n);
            return;
        }
        float[] f = floats(n);
        FusedBlas.f(a).get(f, 0, n);
        for (int i = 0; i < n; i++) {
            dst[i] = f[i];
        }
    }

    private void write(double[] src, INDArray a, int n) {
        if (a.dataType() == DataType.DOUBLE) {
            FusedBlas.d(a).put(src, 0, n);
            return;
        }
        float[] f = floats(n);
        for (int i = 0; i < n; i++) {
            f[i] = (float) src[i];
        }
        FusedBlas.f(a).put(f, 0, n);
    }

    private float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[n];
        }
        return floats;
    }
}
