package org.vae4j.core.train;

import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.config.ModelConfig;

/**
 * The test-time passes of the dense MLP VAE in plain ND4J, the forward half of {@link FusedStep}:
 * q(z|x)'s μ and log σ², the mean of p(x|z), and the importance weights
 * log w = log p(x|z) + log p(z) − log q(z|x) for z = μ + σ ⊙ ε. The SameDiff graph stays the
 * definition; a test holds these to the graph's outputs for the same inputs and ε. Why: each
 * {@code SameDiff.output} call costs milliseconds of session bookkeeping whatever the batch, so
 * encoding and decoding a 128-example batch through the graph ran ~9× slower than PyTorch.
 *
 * <p>Every method reads the current weights from the graph by name and returns new arrays (the
 * caller owns them). Stateless apart from the configuration; callers serialize access to the
 * graph (the model's lock) as for any read of its weights.
 */
public final class FusedForward {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final ModelConfig config;
    private final FusedActivation activation;
    private final FusedHead head;

    /** Whether the fused passes compute what the graph does for this configuration. */
    public static boolean supports(ModelConfig mc) {
        Objects.requireNonNull(mc, "model config");
        return FusedActivation.of(mc.activation()) != null && FusedHead.of(mc) != null;
    }

    /** @throws IllegalArgumentException when {@link #supports} is false */
    public FusedForward(ModelConfig mc) {
        if (!supports(mc)) {
            throw new IllegalArgumentException("no fused forward pass for " + mc.activation() + " hidden layers with a "
                    + mc.likelihood() + " decoder; use the SameDiff graph");
        }
        this.config = mc;
        this.activation = FusedActivation.of(mc.activation());
        this.head = FusedHead.of(mc);
    }

    /** μ and log σ² of q(z|x) for x [M, D], two new [M, J] arrays (the graph's z_mean, z_logvar). */
    public INDArray[] encode(SameDiff sd, INDArray x) {
        INDArray h = hidden(sd, x, "enc_W", "enc_b", config.encoderHidden());
        try {
            return new INDArray[] {dense(sd, h, "enc_mean_W", "enc_mean_b"),
                dense(sd, h, "enc_logvar_W", "enc_logvar_b")};
        } finally {
            closeUnless(h, x);
        }
    }

    /** The mean of p(x|z) for z [N, J], a new [N, D] array (the graph's x_mean_from_z). */
    public INDArray decodeMean(SameDiff sd, INDArray z) {
        INDArray g = hidden(sd, z, "dec_W", "dec_b", config.decoderHidden());
        try {
            return head.mean(sd, g);
        } finally {
            closeUnless(g, z);
        }
    }

    /** Whether {@link #logWeights} is implemented for this decoder (Bernoulli; Gaussian is left to the graph). */
    public boolean hasLogWeights() {
        return head.hasLogLikelihoodRows();
    }

    /**
     * log w_{k,m} = log p(x_m|z_{k,m}) + log N(z_{k,m}; 0, I) − log N(z_{k,m}; μ_m, σ²_m) with
     * z_{k,m} = μ_m + σ_m ⊙ ε_{k,m}: the graph's log_weights for the same x and ε.
     *
     * @param x      [M, D] data
     * @param mean   [M, J] μ from {@link #encode}
     * @param logVar [M, J] log σ² from {@link #encode}
     * @param eps    [K, M, J] standard normal noise
     * @return a new [K·M, 1] array, sample-major (row k·M + m)
     */
    public INDArray logWeights(SameDiff sd, INDArray x, INDArray mean, INDArray logVar, INDArray eps) {
        if (!hasLogWeights()) {
            throw new UnsupportedOperationException("no fused log-likelihood for a " + config.likelihood() + " decoder");
        }
        DataType dt = mean.dataType();
        int k = (int) eps.size(0);
        int m = (int) mean.rows();
        int j = (int) mean.columns();
        long n = (long) k * m;
        // Every temporary is closed here: freed by the garbage collector instead, the native
        // memory of an IW evaluation grew to 5 GB before a collection ran.
        INDArray eps3 = Nd4j.create(dt, k, m, j).assign(eps);
        INDArray e = eps3.reshape('c', n, j);
        INDArray sigma = logVar.mul(0.5);
        INDArray z = Nd4j.create(dt, n, j);
        INDArray sq = Nd4j.create(dt, n, j);
        INDArray latent = Nd4j.create(dt, n, 1);
        INDArray sums = Nd4j.create(dt, n, 1);
        INDArray halfLogVar = Nd4j.create(dt, m, 1);
        INDArray g = null;
        try {
            FusedOps.exec(new Exp(sigma, sigma));
            for (int s = 0; s < k; s++) {
                e.get(rows(s, m), NDArrayIndex.all()).mul(sigma, z.get(rows(s, m), NDArrayIndex.all())).addi(mean);
            }
            // log p(z) − log q(z|x) = −½ Σ_j z² + ½ Σ_j ε² + ½ Σ_j log σ²   (the log 2π terms cancel)
            z.mul(z, sq);
            FusedOps.rowSums(sq, latent, -0.5);
            e.mul(e, sq);
            FusedOps.rowSums(sq, sums, 0.5);
            latent.addi(sums);
            INDArray lv = plain(logVar);
            FusedOps.rowSums(lv, halfLogVar, 0.5);
            closeUnless(lv, logVar);
            for (int s = 0; s < k; s++) {
                latent.get(rows(s, m), NDArrayIndex.all()).addi(halfLogVar);
            }
            g = hidden(sd, z, "dec_W", "dec_b", config.decoderHidden());
            INDArray recon = head.logLikelihoodRows(sd, x, g);
            return recon.addi(latent);
        } finally {
            closeUnless(g, z);
            for (INDArray a : new INDArray[] {eps3, sigma, z, sq, latent, sums, halfLogVar}) {
                a.close();
            }
        }
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex rows(int sample, int m) {
        return NDArrayIndex.interval((long) sample * m, (long) (sample + 1) * m);
    }

    /** a itself when it is a dense c-order array, else a c-order copy (the gemm's fast path needs one). */
    static INDArray plain(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 ? a : a.dup('c');
    }

    /**
     * Frees a's native memory now (when it is not {@code keep} and is closeable: not a view, not
     * already closed) instead of at some later garbage collection.
     */
    public static void closeUnless(INDArray a, INDArray keep) {
        if (a != null && a != keep && a.closeable()) {
            a.close();
        }
    }

    private INDArray hidden(SameDiff sd, INDArray in, String w, String b, List<Integer> sizes) {
        INDArray h = in;
        for (int i = 0; i < sizes.size(); i++) {
            INDArray next = dense(sd, h, w + i, b + i);
            closeUnless(h, in);
            activation.forward(next);
            h = next;
        }
        return h;
    }

    static INDArray dense(SameDiff sd, INDArray in, String w, String b) {
        INDArray weights = sd.getArrForVarName(w);
        // uninitialized: dense() writes every entry (its first product has beta 0)
        INDArray out = Nd4j.createUninitialized(weights.dataType(), in.rows(), weights.columns());
        FusedOps.dense(in, weights, sd.getArrForVarName(b), out);
        return out;
    }
}
