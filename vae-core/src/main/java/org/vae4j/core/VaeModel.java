package org.vae4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.io.ModelFile;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.FusedForward;
import org.vae4j.core.train.ParameterUpdater;

/**
 * A VAE: its SameDiff graph with weights (and updater state), its configs, training history and
 * a description of the data it was trained on. Inference methods are safe to call from several
 * threads: calls into the graph are serialized, since a SameDiff instance is not thread-safe.
 * Encoding, decoding and the importance-weighted evaluation run as plain ND4J passes over the
 * graph's weights ({@link FusedForward}, held equal to the graph by tests) where the configuration
 * allows; everything else runs the graph.
 */
public final class VaeModel implements AutoCloseable {
    private final ModelConfig modelConfig;
    private TrainingConfig trainingConfig;
    private final SameDiff sd;
    private final List<EpochSummary> history;
    private String dataJson;
    private final Object lock = new Object();
    private final ParameterUpdater updater;
    /** The fused test-time passes, or null when this configuration has none. */
    private final FusedForward fused;

    VaeModel(ModelConfig modelConfig, TrainingConfig trainingConfig, SameDiff sd, List<EpochSummary> history,
             String dataJson) {
        this.modelConfig = modelConfig;
        this.trainingConfig = trainingConfig;
        this.sd = sd;
        this.history = new ArrayList<>(history);
        this.dataJson = dataJson;
        this.updater = new ParameterUpdater(sd, trainingConfig);
        this.fused = FusedForward.supports(modelConfig) ? new FusedForward(modelConfig) : null;
    }

    /** The fused test-time passes, or null (then use the graph). */
    FusedForward fused() {
        return fused;
    }

    public ModelConfig modelConfig() {
        return modelConfig;
    }

    public TrainingConfig trainingConfig() {
        return trainingConfig;
    }

    /**
     * Changes the training settings that may change between runs: epochs, batch size, L, β,
     * warm-up and seed. The updater, learning rate, weight decay and estimator are part of the
     * graph's training state and stay as created.
     */
    public void setTrainingConfig(TrainingConfig tc) {
        if (tc.updater() != trainingConfig.updater() || tc.estimator() != trainingConfig.estimator()
                || tc.learningRate() != trainingConfig.learningRate()
                || tc.weightDecay() != trainingConfig.weightDecay()
                || !tc.learningRateSchedule().equals(trainingConfig.learningRateSchedule())) {
            throw new IllegalArgumentException("the updater, learning rate, weight decay and estimator of a model "
                    + "are fixed when it is created (have " + trainingConfig.updater() + " lr=" + trainingConfig.learningRate()
                    + " wd=" + trainingConfig.weightDecay() + " " + trainingConfig.estimator() + ", asked for "
                    + tc.updater() + " lr=" + tc.learningRate() + " wd=" + tc.weightDecay() + " " + tc.estimator()
                    + "); start a new model to change them");
        }
        this.trainingConfig = tc;
    }

    /** The graph itself, for advanced use (gradients, custom outputs). Do not modify its structure. */
    public SameDiff graph() {
        return sd;
    }

    /** The lock that serializes every use of {@link #graph()}. */
    public Object lock() {
        return lock;
    }

    public List<EpochSummary> history() {
        return List.copyOf(history);
    }

    /** Appended by the trainer after each epoch. */
    public void appendHistory(EpochSummary summary) {
        history.add(summary);
    }

    /** The data the model was trained on (spec and preprocessing), as JSON, or null if not recorded. */
    public String dataJson() {
        return dataJson;
    }

    public void setDataJson(String json) {
        this.dataJson = json;
    }

    public DataType dataType() {
        return modelConfig.precision().dataType();
    }

    /** Runs the graph on the given inputs (serialized across threads). */
    public Map<String, INDArray> output(Map<String, INDArray> feeds, String... outputs) {
        synchronized (lock) {
            return sd.output(feeds, outputs);
        }
    }

    /** q(z|x): μ and log σ² for data x [M, D]. */
    public Encoding encode(INDArray x) {
        if (fused != null) {
            INDArray data = checkData(x);
            synchronized (lock) {
                INDArray[] q = fused.encode(sd, data);
                return new Encoding(q[0], q[1]);
            }
        }
        Map<String, INDArray> out = output(Map.of(GraphNames.X, checkData(x)), GraphNames.Z_MEAN, GraphNames.Z_LOGVAR);
        return new Encoding(out.get(GraphNames.Z_MEAN), out.get(GraphNames.Z_LOGVAR));
    }

    /** One sample z ~ q(z|x) per example, through the reparameterization. */
    public INDArray sampleLatent(INDArray x, long seed) {
        Encoding e = encode(x);
        INDArray eps = new NoiseSource(seed).standardNormal(dataType(), e.mean().shape());
        if (fused == null || !dense(e.mean()) || !dense(e.logVariance())) {
            return e.mean().add(Transforms.exp(e.logVariance().mul(0.5)).muli(eps));
        }
        // the fused encoding's arrays are this call's own: z in one Java pass (three ND4J ops on
        // [128, 20] took 0.55–0.74 ms), in double, rounded once; the temporaries freed now
        try {
            double[] mu = e.mean().data().asDouble();
            double[] logVar = e.logVariance().data().asDouble();
            double[] noise = eps.data().asDouble();
            double[] z = new double[mu.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = mu[i] + Math.exp(0.5 * logVar[i]) * noise[i];
            }
            return Nd4j.create(z, e.mean().shape(), dataType());
        } finally {
            e.mean().close();
            e.logVariance().close();
            eps.close();
        }
    }

    /** A c-order array that owns its whole buffer (its data is its elements, in order). */
    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 && !a.isView() && a.data().length() == a.length();
    }

    /** The mean of p(x|z) for latent points z [N, J] (Bernoulli: the probabilities). */
    public INDArray decode(INDArray z) {
        if (fused != null) {
            INDArray latent = checkLatent(z);
            synchronized (lock) {
                return fused.decodeMean(sd, latent);
            }
        }
        return output(Map.of(GraphNames.Z_IN, checkLatent(z)), GraphNames.X_MEAN_FROM_Z).get(GraphNames.X_MEAN_FROM_Z);
    }

    /** A sample x ~ p(x|z) for each latent point. */
    public INDArray decodeSample(INDArray z, long seed) {
        NoiseSource noise = new NoiseSource(seed);
        if (modelConfig.likelihood() == Likelihood.BERNOULLI) {
            INDArray p = decode(z);
            INDArray u = noise.uniform(p.dataType(), p.shape());
            return u.lt(p).castTo(p.dataType());
        }
        Map<String, INDArray> out = output(Map.of(GraphNames.Z_IN, checkLatent(z)),
                GraphNames.X_MEAN_FROM_Z, GraphNames.X_LOGVAR_FROM_Z);
        INDArray mean = out.get(GraphNames.X_MEAN_FROM_Z);
        INDArray sd = Transforms.exp(out.get(GraphNames.X_LOGVAR_FROM_Z).mul(0.5));
        INDArray eps = noise.standardNormal(mean.dataType(), mean.shape());
        return mean.add(eps.muli(sd));
    }

    /** decode(μ(x)): the deterministic reconstruction. */
    public INDArray reconstruct(INDArray x) {
        return decode(encode(x).mean());
    }

    /** n new examples: the means of p(x|z) for z ~ N(0, I). */
    public INDArray generate(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of samples must be ≥ 1, got " + n);
        }
        return decode(new NoiseSource(seed).standardNormal(dataType(), n, modelConfig.latentDim()));
    }

    /** Points on the straight line from {@code from} to {@code to} (each [1, J] or [J]), ends included. */
    public static INDArray interpolateLatent(INDArray from, INDArray to, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("interpolation needs ≥ 2 steps, got " + steps);
        }
        INDArray a = from.reshape(1, from.length());
        INDArray b = to.reshape(1, to.length()).castTo(a.dataType());
        INDArray out = Nd4j.create(a.dataType(), steps, a.length());
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            out.putRow(i, a.mul(1 - t).addi(b.mul(t)));
        }
        return out;
    }

    /** Decoded points between the encodings (means) of two examples. */
    public INDArray interpolate(INDArray xFrom, INDArray xTo, int steps) {
        INDArray both = Nd4j.vstack(checkData(xFrom), checkData(xTo));
        INDArray mean = encode(both).mean();
        return decode(interpolateLatent(mean.getRow(0), mean.getRow(1), steps));
    }

    /** ELBO, its terms and (K &gt; 0) the importance-weighted log p(x) over a dataset. */
    public EvaluationResult evaluate(org.nd4j.linalg.dataset.api.iterator.DataSetIterator data, EvaluationOptions options) {
        return Evaluator.evaluate(this, data, options, n -> { });
    }

    /** As {@link #evaluate(org.nd4j.linalg.dataset.api.iterator.DataSetIterator, EvaluationOptions)}, reporting the examples done after each batch. */
    public EvaluationResult evaluate(org.nd4j.linalg.dataset.api.iterator.DataSetIterator data, EvaluationOptions options,
                                     java.util.function.LongConsumer examplesDone) {
        return Evaluator.evaluate(this, data, options, examplesDone);
    }

    /** Writes the model atomically (temporary file, then rename). */
    public void save(Path file) throws IOException {
        synchronized (lock) {
            ModelFile.write(file, this);
        }
    }

    /** Checks a data batch and brings it to [M, D] in the model's precision. */
    public INDArray checkData(INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException("data is missing");
        }
        INDArray flat = switch (x.rank()) {
            case 1 -> x.reshape(1, x.length());                  // one example
            case 2 -> x;
            default -> x.reshape(x.size(0), x.length() / Math.max(1, x.size(0))); // e.g. [M, 28, 28] images
        };
        if (flat.columns() != modelConfig.inputDim()) {
            throw new IllegalArgumentException("this model expects " + modelConfig.inputDim()
                    + " values per example, but the data has " + flat.columns()
                    + "; use data of the kind the model was trained on");
        }
        return flat.dataType() == dataType() ? flat : flat.castTo(dataType());
    }

    private INDArray checkLatent(INDArray z) {
        INDArray flat = z.rank() == 1 ? z.reshape(1, z.length()) : z;
        if (flat.rank() != 2 || flat.columns() != modelConfig.latentDim()) {
            throw new IllegalArgumentException("latent points must be [N, " + modelConfig.latentDim()
                    + "], got " + java.util.Arrays.toString(z.shape()));
        }
        return flat.dataType() == dataType() ? flat : flat.castTo(dataType());
    }

    /** The optimizer state (used by the trainer and the model file). */
    public ParameterUpdater updater() {
        return updater;
    }

    /** Copies of every trainable array and the updater state, to roll back to. */
    public Snapshot snapshot() {
        synchronized (lock) {
            Map<String, INDArray> params = new HashMap<>();
            for (String name : updater.variables()) {
                params.put(name, sd.getVariable(name).getArr().dup());
            }
            Map<String, INDArray> state = new HashMap<>();
            updater.states().forEach((k, v) -> state.put(k, v.dup()));
            return new Snapshot(params, state, updater.iteration());
        }
    }

    /** Puts the weights and updater state back to a snapshot. */
    public void restore(Snapshot s) {
        synchronized (lock) {
            s.params().forEach((name, arr) -> sd.getVariable(name).getArr().assign(arr));
            updater.restore(s.updater(), s.iteration());
        }
    }

    /** A saved state of the weights and updater. */
    public record Snapshot(Map<String, INDArray> params, Map<String, INDArray> updater, int iteration) {
    }

    @Override
    public void close() {
        // Arrays are released with the graph; nothing native is held beyond it.
    }
}
