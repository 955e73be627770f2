package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.EvaluationOptions;
import org.vae4j.core.EvaluationResult;
import org.vae4j.core.NoiseSource;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.QuietGradients;

/**
 * AEVB (Kingma &amp; Welling, Algorithm 1): for each minibatch X, draw ε for L·M samples from a
 * seeded generator, compute the gradient of −ELBO and the minibatch's ELBO terms in one pass, take
 * one updater step. The pass runs on the SameDiff graph, or, for the dense configurations it
 * supports, on {@link FusedStep}, which is proven equal to the graph and several times faster. Epoch e draws its ε from stream e of the
 * seed, so a run resumed from an end-of-epoch checkpoint sees the same noise as an uninterrupted
 * one. Never prints: progress goes to {@link TrainingListener}s.
 */
public final class Trainer {
    private static final List<String> OUTPUTS = List.of(GraphNames.ELBO_MEAN, GraphNames.RECON_MEAN, GraphNames.KL_MEAN);
    private final List<TrainingListener> listeners;
    private final Engine engine;

    /** How a training step is computed. */
    public enum Engine {
        /** The fused ND4J step ({@link FusedStep}) where it supports the configuration, else SameDiff. */
        AUTO,
        /** Always SameDiff's own gradient computation on the graph (the reference). */
        SAMEDIFF
    }

    public Trainer(TrainingListener... listeners) {
        this(Engine.AUTO, listeners);
    }

    public Trainer(Engine engine, TrainingListener... listeners) {
        this.engine = engine;
        this.listeners = List.of(listeners);
    }

    /** Whether this trainer will use the fused step for a model. */
    public boolean usesFusedStep(VaeModel model) {
        return engine == Engine.AUTO && FusedStep.supports(model.modelConfig(), model.trainingConfig());
    }

    /**
     * Trains until the model's history holds {@code model.trainingConfig().epochs()} epochs
     * (so a reloaded checkpoint continues where it stopped).
     *
     * @param validation may be null
     * @return the epochs run by this call
     * @throws TrainingDivergedException when the loss stops being finite (the model is rolled back)
     */
    public List<EpochSummary> fit(VaeModel model, DataSetIterator train, DataSetIterator validation) {
        TrainingConfig tc = model.trainingConfig();
        int first = model.history().size() + 1;
        int last = tc.epochs();
        java.util.ArrayList<EpochSummary> ran = new java.util.ArrayList<>();
        try (FusedStep fused = usesFusedStep(model) && first <= last ? new FusedStep(model) : null;
             FeatureBuffers buffers = FeatureBuffers.of(train, model, fused)) {
            for (int epoch = first; epoch <= last; epoch++) {
                EpochSummary s = runEpoch(model, tc, epoch, train, validation, fused, buffers);
                model.appendHistory(s);
                ran.add(s);
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(model, s);
                }
            }
        }
        return ran;
    }

    private EpochSummary runEpoch(VaeModel model, TrainingConfig tc, int epoch, DataSetIterator train,
                                  DataSetIterator validation, FusedStep fused, FeatureBuffers buffers) {
        for (TrainingListener l : listeners) {
            l.onEpochStart(epoch, tc.epochs());
        }
        VaeModel.Snapshot snapshot = model.snapshot();
        NoiseSource noise = NoiseSource.forStream(tc.seed(), epoch);
        double beta = tc.betaAt(epoch);
        INDArray betaArr = Nd4j.scalar(model.dataType(), beta);
        int batchesPerEpoch = batchesPerEpoch(train);
        if (train.resetSupported()) {
            train.reset();
        }
        long examples = 0;
        double sumLoss = 0;
        double sumRecon = 0;
        double sumKl = 0;
        int batch = 0;
        SameDiff sd = model.graph();
        QuietGradients.createGradFunction(sd);
        long start = System.nanoTime();
        Map<String, INDArray> lastFeeds = null;
        // with the fused step, an iterator that allows it is read (and the minibatch's ε drawn) on
        // the partner thread during the step before (FusedStep.step's `beside`)
        boolean readBeside = fused != null && train.asyncSupported();
        NextBatch next = new NextBatch(train, model, noise, tc.samples(), buffers == null ? null : buffers.get(0));
        next.run();
        while (next.present()) {
            INDArray x = next.x();
            INDArray eps = next.eps();
            int m = (int) x.rows();
            batch++;
            // the next minibatch goes into the other buffer: this one holds x until the step is done
            NextBatch reader = new NextBatch(train, model, noise, tc.samples(),
                    buffers == null ? null : buffers.get(batch));
            Map<String, INDArray> feeds = Map.of(GraphNames.X, x, GraphNames.EPS, eps, GraphNames.BETA, betaArr);
            lastFeeds = feeds;
            double loss;
            double recon;
            double kl;
            synchronized (model.lock()) {
                Map<String, INDArray> gradients;
                if (fused != null) {
                    FusedStep.Result r = fused.step(x, eps, beta, readBeside ? reader : null);
                    loss = -r.elboMean();
                    recon = r.reconMean();
                    kl = r.klMean();
                    gradients = r.gradients();
                } else {
                    OutAndGrad r = sd.calculateGradientsAndOutputs(feeds, OUTPUTS, model.updater().variables());
                    loss = -r.getOutputs().get(GraphNames.ELBO_MEAN).getDouble(0);
                    recon = r.getOutputs().get(GraphNames.RECON_MEAN).getDouble(0);
                    kl = r.getOutputs().get(GraphNames.KL_MEAN).getDouble(0);
                    gradients = r.getGradients();
                }
                if (Double.isFinite(loss)) {
                    model.updater().step(sd, gradients, epoch);
                }
            }
            if (!Double.isFinite(loss)) {
                model.restore(snapshot);
                throw new TrainingDivergedException(epoch, batch, loss, tc.learningRate());
            }
            examples += m;
            sumLoss += loss * m;
            sumRecon += recon * m;
            sumKl += kl * m;
            double seconds = (System.nanoTime() - start) / 1e9;
            TrainingProgress p = new TrainingProgress(epoch, tc.epochs(), batch, batchesPerEpoch, examples,
                    loss, recon, kl, examples / Math.max(seconds, 1e-9));
            for (TrainingListener l : listeners) {
                l.onBatchEnd(p);
            }
            if (!readBeside) {
                reader.run();
            }
            next = reader;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (examples == 0) {
            throw new IllegalArgumentException("the training data is empty: no minibatch in epoch " + epoch);
        }
        // Each loss is computed before its step, so a step that breaks the weights on the last
        // batch would only show in the next epoch, after this epoch's checkpoint had been written.
        // (the fused step, where it trains, computes the same loss in ~1/10 of the graph's time)
        double after;
        if (fused != null) {
            synchronized (model.lock()) {
                after = -fused.step(lastFeeds.get(GraphNames.X), lastFeeds.get(GraphNames.EPS), beta).elboMean();
            }
        } else {
            after = -model.output(lastFeeds, GraphNames.ELBO_MEAN).get(GraphNames.ELBO_MEAN).getDouble(0);
        }
        if (!Double.isFinite(after)) {
            model.restore(snapshot);
            throw new TrainingDivergedException(epoch, batch, after, tc.learningRate());
        }
        Double vElbo = null;
        Double vRecon = null;
        Double vKl = null;
        if (validation != null) {
            EvaluationResult r = model.evaluate(validation, EvaluationOptions.elboOnly().withSeed(tc.seed()));
            vElbo = r.elbo();
            vRecon = r.reconstruction();
            vKl = r.kl();
        }
        return new EpochSummary(epoch, seconds, examples, examples / seconds, beta, -sumLoss / examples,
                sumRecon / examples, sumKl / examples, vElbo, vRecon, vKl);
    }

    /**
     * Two float arrays [batch, D] that the minibatches of a {@link FeatureBatches} iterator are
     * written into in turn, for the fused step (whose first layer reads x in place): one holds
     * the minibatch being trained on while the next is read into the other.
     */
    private static final class FeatureBuffers implements AutoCloseable {
        private final INDArray[] arrays;

        private FeatureBuffers(INDArray[] arrays) {
            this.arrays = arrays;
        }

        /** Buffers for this iterator and model, or null when the iterator cannot fill them or the step is not fused. */
        static FeatureBuffers of(DataSetIterator train, VaeModel model, FusedStep fused) {
            if (fused == null || !(train instanceof FeatureBatches) || model.dataType() != DataType.FLOAT
                    || train.batch() < 1) {
                return null;
            }
            int d = model.modelConfig().inputDim();
            return new FeatureBuffers(new INDArray[] {
                Nd4j.create(DataType.FLOAT, train.batch(), d), Nd4j.create(DataType.FLOAT, train.batch(), d)});
        }

        INDArray get(int i) {
            return arrays[i % 2];
        }

        @Override
        public void close() {
            for (INDArray a : arrays) {
                a.close();
            }
        }
    }

    /**
     * Reads the next minibatch of an iterator (checked as the model's data) and draws its ε, in
     * the order of the batches; what fails is thrown when the batch is taken. With a buffer, a
     * {@link FeatureBatches} iterator writes the features into it.
     */
    private static final class NextBatch implements Runnable {
        private final DataSetIterator iterator;
        private final VaeModel model;
        private final NoiseSource noise;
        private final int samples;
        private final INDArray buffer;
        private INDArray x;
        private INDArray eps;
        private RuntimeException failure;

        /** @param buffer may be null (the iterator's {@code next()} is used) */
        NextBatch(DataSetIterator iterator, VaeModel model, NoiseSource noise, int samples, INDArray buffer) {
            this.iterator = iterator;
            this.model = model;
            this.noise = noise;
            this.samples = samples;
            this.buffer = buffer;
        }

        private INDArray features() {
            if (buffer != null) {
                int n = ((FeatureBatches) iterator).nextFeaturesInto(buffer);
                if (n == buffer.rows()) {
                    return buffer;
                }
                if (n >= 0) {
                    return buffer.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
                }
            }
            return iterator.next().getFeatures();
        }

        @Override
        public void run() {
            try {
                if (iterator.hasNext()) {
                    x = model.checkData(features());
                    eps = noise.standardNormal(model.dataType(), samples, (int) x.rows(), model.modelConfig().latentDim());
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Whether there was a batch to read (or a failure to throw). */
        boolean present() {
            return x != null || failure != null;
        }

        INDArray x() {
            if (failure != null) {
                throw failure;
            }
            return x;
        }

        INDArray eps() {
            return eps;
        }
    }

    /**
     * Batches per epoch when the iterator can tell: DataSetIterator has no size method, but most
     * iterators (DL4J's and vae4j's) offer a public {@code totalExamples()}.
     */
    private static int batchesPerEpoch(DataSetIterator it) {
        try {
            Object total = it.getClass().getMethod("totalExamples").invoke(it);
            long n = ((Number) total).longValue();
            int b = it.batch();
            return n > 0 && b > 0 ? (int) ((n + b - 1) / b) : -1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
