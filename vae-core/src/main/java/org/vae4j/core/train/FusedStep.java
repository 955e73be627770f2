package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.Estimator;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;

/**
 * One AEVB training step of the dense MLP VAE written directly in ND4J: the forward pass, the
 * SGVB-B estimate of the ELBO and its gradient, for the configurations where it computes exactly
 * what {@code graph.VaeGraph} computes (see {@link #supports}). It is the "helper" beside the
 * reference: the SameDiff graph stays the model's definition, and a test holds the two to the
 * same loss and gradients. A step of the canonical model (float) is 22 BLAS calls and one ND4J
 * copy (ε) into arrays allocated once per batch size, plus passes over Java copies
 * ({@link LatentKernel} for the latent layer, {@link BernoulliKernel} for a float Bernoulli head,
 * {@link FloatRelu} for float ReLU layers), where SameDiff's session runs ~62 graph ops with fresh
 * outputs and per-op bookkeeping (PERFORMANCE.md §2–3).
 *
 * <p>Threads: each step holds the {@link Partner} thread (when the machine has two processors and
 * no other step holds it) and runs half of every large product and of every Java pass on it; from
 * its first such step until {@link #close} OpenBLAS runs on one thread, process-wide, so that
 * OpenBLAS's own worker does not spin on the core the partner needs. Close the step (the trainer
 * does) to give OpenBLAS its threads back.
 *
 * <p>Notation (MATH.md): x [M, D] the minibatch, ε [L, M, J] the noise, N = L·M decoder rows
 * (sample-major, row l·M + m). Encoder h_i = act(h_{i−1}·W_i + b_i), h_0 = x; μ = h·W_μ + b_μ,
 * log σ² = h·W_v + b_v; z_l = μ + σ ⊙ ε_l with σ = exp(½ log σ²); decoder g_k = act(g_{k−1}·V_k + c_k),
 * g_0 = z; head log p(x|z). Estimator B with weight β:
 * <pre>
 *   recon_m = (1/L) Σ_l log p(x_m | z_{l,m}),   KL_m = −½ Σ_j (1 + log σ²_j − μ_j² − σ²_j),
 *   loss = −(1/M) Σ_m (recon_m − β·KL_m).
 * </pre>
 *
 * <p>Not thread-safe; the arrays of a {@link Result} are reused by the next step.
 */
public final class FusedStep implements AutoCloseable {
    /** Workspaces kept: the full batch, the last partial batch, and one spare. */
    private static final int MAX_WORKSPACES = 3;
    private static final String MEAN_W = "enc_mean_W";
    private static final String MEAN_B = "enc_mean_b";
    private static final String LOGVAR_W = "enc_logvar_W";
    private static final String LOGVAR_B = "enc_logvar_b";

    private final VaeModel model;
    private final ModelConfig config;
    private final DataType dataType;
    private final FusedActivation activation;
    private final FusedHead head;
    private final int encLayers;
    private final int decLayers;
    /** Variable names per layer, built once: enc_W0, enc_b0, … and dec_W0, dec_b0, …. */
    private final String[] encW;
    private final String[] encB;
    private final String[] decW;
    private final String[] decB;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private final Map<String, INDArray> gradientsView = Collections.unmodifiableMap(gradients);
    private final LinkedHashMap<Long, FusedWorkspace> workspaces = new LinkedHashMap<>(4, 0.75f, true);
    private final LatentKernel latent = new LatentKernel();
    /** OpenBLAS on one thread from the first step with the partner until close. */
    private Partner.Hold oneThreadBlas;
    private boolean closed;

    /** One step's values and gradients. */
    public record Result(double elboMean, double reconMean, double klMean, Map<String, INDArray> gradients) {
    }

    /** Whether the fused step computes exactly what VaeGraph does for this configuration. */
    public static boolean supports(ModelConfig mc, TrainingConfig tc) {
        Objects.requireNonNull(mc, "model config");
        Objects.requireNonNull(tc, "training config");
        return tc.estimator() == Estimator.SGVB_B
                && FusedActivation.of(mc.activation()) != null
                && FusedHead.of(mc) != null;
    }

    /**
     * Reads the current weights by name from model.graph() each call (they are the SameDiff
     * variables' arrays, updated in place by ParameterUpdater).
     *
     * @throws IllegalArgumentException when {@link #supports} is false or the graph's trainable
     *                                  variables are not the ones this step computes gradients for
     */
    public FusedStep(VaeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = model.modelConfig();
        if (!supports(config, model.trainingConfig())) {
            throw new IllegalArgumentException("the fused training step does not implement this configuration ("
                    + config.activation() + " activation, " + config.likelihood() + " " + config.varianceMode()
                    + " decoder, " + model.trainingConfig().estimator() + "); it implements RELU and TANH "
                    + "hidden layers, Bernoulli and Gaussian decoders and the SGVB_B estimator; train through "
                    + "the SameDiff graph instead");
        }
        this.dataType = model.dataType();
        this.activation = FusedActivation.of(config.activation());
        this.head = FusedHead.of(config);
        this.encLayers = config.encoderHidden().size();
        this.decLayers = config.decoderHidden().size();
        this.encW = names("enc_W", encLayers);
        this.encB = names("enc_b", encLayers);
        this.decW = names("dec_W", decLayers);
        this.decB = names("dec_b", decLayers);
        SameDiff sd = model.graph();
        for (String name : variables()) {
            SDVariable v = sd.hasVariable(name) ? sd.getVariable(name) : null;
            if (v == null || v.getVariableType() != VariableType.VARIABLE || v.getArr() == null) {
                throw new IllegalArgumentException("the graph has no trainable variable '" + name
                        + "' that the fused step expects; is it a VaeGraph of this model config?");
            }
            gradients.put(name, v.getArr().ulike());
        }
        Set<String> trainable = new TreeSet<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                trainable.add(v.name());
            }
        }
        if (!trainable.equals(new TreeSet<>(gradients.keySet()))) {
            throw new IllegalArgumentException("the graph's trainable variables " + trainable
                    + " differ from the fused step's " + new TreeSet<>(gradients.keySet()));
        }
    }

    /** The trainable variables, in the order of the forward pass. */
    private List<String> variables() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < encLayers; i++) {
            names.addAll(List.of(encW[i], encB[i]));
        }
        names.addAll(List.of(MEAN_W, MEAN_B, LOGVAR_W, LOGVAR_B));
        for (int k = 0; k < decLayers; k++) {
            names.addAll(List.of(decW[k], decB[k]));
        }
        names.addAll(head.variables());
        return names;
    }

    private static String[] names(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + i;
        }
        return out;
    }

    /**
     * One step's values and gradients, same names/shapes as the SameDiff graph's variables.
     *
     * @param x    [M, D] the minibatch
     * @param eps  [L, M, J] standard normal noise, sample-major as the graph's EPS placeholder
     * @param beta the weight of the KL term
     * @return the minibatch-mean ELBO (−loss), reconstruction and KL terms, and the gradients of
     *         the loss w.r.t. every trainable variable (arrays owned by this object, overwritten
     *         by the next step)
     */
    public Result step(INDArray x, INDArray eps, double beta) {
        return step(x, eps, beta, null);
    }

    /**
     * {@link #step(INDArray, INDArray, double)}, running {@code beside} at the same time: on the
     * partner thread from the end of the decoder head's backward pass, where what is left is
     * mostly small products and the latent layer (halves that come up before {@code beside} is
     * done run on this thread), or, without a partner, on this thread after the step. The trainer
     * reads its next minibatch this way. When this returns, {@code beside} has run; what it
     * throws is thrown after the step's own work.
     *
     * @param beside may be null; it must not touch x, ε or the model
     */
    public Result step(INDArray x, INDArray eps, double beta, Runnable beside) {
        if (closed) {
            throw new IllegalStateException("this FusedStep is closed");
        }
        int m = checkShapes(x, eps);
        Result r;
        try (Partner.Hold partner = Partner.open()) {
            if (partner != null && oneThreadBlas == null) {
                // the partner takes half of every large product: OpenBLAS on one thread (until
                // close), so its own worker no longer spins on the core the partner needs
                oneThreadBlas = Partner.oneThreadBlas();
            }
            Partner p = partner == null ? null : Partner.current();
            r = step(x, eps, beta, m, p == null ? null : beside, p);
            if (p != null) {
                return r;
            }
        }
        if (beside != null) {
            beside.run();
        }
        return r;
    }

    private Result step(INDArray x, INDArray eps, double beta, int m, Runnable beside, Partner partner) {
        int l = (int) eps.size(0);
        FusedWorkspace ws = workspace(m, l);
        SameDiff sd = model.graph();
        x = plain(x, ws.x);
        ws.eps3.assign(eps);

        // ---- q(z|x): h_i = act(h_{i−1}·W_i + b_i);  μ = h·W_μ + b_μ;  log σ² = h·W_v + b_v
        INDArray h = x;
        for (int i = 0; i < encLayers; i++) {
            activation.dense(h, w(sd, encW[i]), w(sd, encB[i]), ws.enc[i]);
            h = ws.enc[i];
        }
        INDArray hLast = h;
        INDArray wMean = w(sd, MEAN_W);
        INDArray bMean = w(sd, MEAN_B);
        INDArray wLogVar = w(sd, LOGVAR_W);
        INDArray bLogVar = w(sd, LOGVAR_B);
        boolean pair = FusedOps.pairOnTwoThreads(h, wMean);            // two independent products: one each
        TwoThreads.run(pair, () -> FusedOps.dense(hLast, wMean, bMean, ws.mean),
                () -> FusedOps.dense(hLast, wLogVar, bLogVar, ws.logVar));

        // ---- reparameterization: σ = exp(½ log σ²), z_l = μ + σ ⊙ ε_l;
        //      Σ_m KL_m = −½ Σ_{m,j} (1 + log σ² − μ² − σ²)
        double klSum = latent.forward(ws.mean, ws.logVar, ws.eps, ws.z);

        // ---- p(x|z): g_k = act(g_{k−1}·V_k + c_k), then the head, which starts the backward pass
        INDArray g = ws.z;
        for (int k = 0; k < decLayers; k++) {
            activation.dense(g, w(sd, decW[k]), w(sd, decB[k]), ws.dec[k]);
            g = ws.dec[k];
        }
        INDArray dg = decLayers == 0 ? ws.dz : ws.dDec[decLayers - 1];
        double logLikSum = head.logLikelihoodAndBackward(sd, x, g, dg, ws, gradients);

        // ---- the rest is mostly small products and the latent layer, whose halves are not worth
        //      handing over: the partner runs `beside` meanwhile, and the halves that come up
        //      before it is done run here
        Partner.Beside started = beside == null ? null : partner.beside(beside);
        Throwable failure = null;
        try {
            // ---- decoder backward: δ_k = ∂g_k ⊙ act'(a_k);  ∂V_k = g_{k−1}ᵀ·δ_k;  ∂c_k = 1ᵀ·δ_k;  ∂g_{k−1} = δ_k·V_kᵀ
            for (int k = decLayers - 1; k >= 0; k--) {
                activation.backward(ws.dec[k], ws.dDec[k]);
                INDArray in = k == 0 ? ws.z : ws.dec[k - 1];
                FusedOps.denseGradients(in, ws.dDec[k], 1.0, gradients.get(decW[k]), gradients.get(decB[k]));
                FusedOps.gemmTransB(ws.dDec[k], w(sd, decW[k]), k == 0 ? ws.dz : ws.dDec[k - 1], 1.0, 0.0);
            }

            // ---- through z_l = μ + σ ⊙ ε_l and β·(1/M)·Σ_m KL_m (∂KL/∂μ = μ, ∂KL/∂log σ² = ½(σ² − 1)):
            //      ∂μ = Σ_l ∂z_l + (β/M)·μ;   ∂log σ² = ½·σ ⊙ Σ_l (∂z_l ⊙ ε_l) + (β/(2M))·(σ² − 1)
            latent.backward(ws.dz, beta, m, ws.dMean, ws.dLogVar);

            // ---- encoder backward: the two heads, then δ_i = ∂h_i ⊙ act'(a_i) down to the first layer
            INDArray gwMean = gradients.get(MEAN_W);
            INDArray gbMean = gradients.get(MEAN_B);
            INDArray gwLogVar = gradients.get(LOGVAR_W);
            INDArray gbLogVar = gradients.get(LOGVAR_B);
            TwoThreads.run(pair, () -> FusedOps.denseGradients(hLast, ws.dMean, 1.0, gwMean, gbMean),
                    () -> FusedOps.denseGradients(hLast, ws.dLogVar, 1.0, gwLogVar, gbLogVar));
            if (encLayers > 0) {                                   // ∂h = ∂μ·W_μᵀ + ∂log σ²·W_vᵀ
                INDArray dh = ws.dEnc[encLayers - 1];
                FusedOps.gemmTransB(ws.dMean, wMean, dh, 1.0, 0.0);
                FusedOps.gemmTransB(ws.dLogVar, wLogVar, dh, 1.0, 1.0);
            }
            for (int i = encLayers - 1; i >= 0; i--) {
                activation.backward(ws.enc[i], ws.dEnc[i]);
                INDArray in = i == 0 ? x : ws.enc[i - 1];
                FusedOps.denseGradients(in, ws.dEnc[i], 1.0, gradients.get(encW[i]), gradients.get(encB[i]));
                if (i > 0) {
                    FusedOps.gemmTransB(ws.dEnc[i], w(sd, encW[i]), ws.dEnc[i - 1], 1.0, 0.0);
                }
            }

            double reconMean = logLikSum / ws.n;
            double klMean = klSum / m;
            return new Result(reconMean - beta * klMean, reconMean, klMean, gradientsView);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (started != null) {
                try {
                    started.join();
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Checks x [M, D] and ε [L, M, J]; returns M. */
    private int checkShapes(INDArray x, INDArray eps) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(eps, "eps");
        if (x.rank() != 2 || x.columns() != config.inputDim() || x.rows() < 1) {
            throw new IllegalArgumentException("x must be [M, " + config.inputDim() + "], got "
                    + Arrays.toString(x.shape()));
        }
        if (eps.rank() != 3 || eps.size(1) != x.rows() || eps.size(2) != config.latentDim() || eps.size(0) < 1) {
            throw new IllegalArgumentException("eps must be [L, " + x.rows() + ", " + config.latentDim()
                    + "] for " + x.rows() + " examples, got " + Arrays.toString(eps.shape()));
        }
        return Math.toIntExact(x.rows());
    }

    /** x itself when it is a dense c-order array of the model's type, else a copy in the workspace. */
    private INDArray plain(INDArray x, INDArray copy) {
        if (x.dataType() == dataType && x.ordering() == 'c' && x.elementWiseStride() == 1) {
            return x;
        }
        return copy.assign(x);
    }

    /** The workspace for M examples and L samples, allocated on first use. */
    private FusedWorkspace workspace(int m, int l) {
        long key = ((long) l << 32) | m;
        FusedWorkspace ws = workspaces.get(key);
        if (ws == null) {
            if (workspaces.size() >= MAX_WORKSPACES) {
                Map.Entry<Long, FusedWorkspace> eldest = workspaces.entrySet().iterator().next();
                eldest.getValue().close();
                workspaces.remove(eldest.getKey());
            }
            ws = new FusedWorkspace(dataType, m, l, config.inputDim(), config.encoderHidden(), config.latentDim(),
                    config.decoderHidden(), head.buffers());
            workspaces.put(key, ws);
        }
        return ws;
    }

    private static INDArray w(SameDiff sd, String name) {
        return sd.getArrForVarName(name);
    }

    /** Frees the workspaces and gradient arrays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (oneThreadBlas != null) {
            oneThreadBlas.close();
            oneThreadBlas = null;
        }
        for (FusedWorkspace ws : workspaces.values()) {
            ws.close();
        }
        workspaces.clear();
        for (INDArray g : gradients.values()) {
            if (g.closeable()) {
                g.close();
            }
        }
    }
}
