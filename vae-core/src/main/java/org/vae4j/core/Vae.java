package org.vae4j.core;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.VaeGraph;
import org.vae4j.core.io.ModelFile;
import org.vae4j.core.io.ModelFileException;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingListener;

/**
 * The façade of vae-core:
 * <pre>{@code
 * try (VaeModel model = Vae.create(ModelConfig.builder(784).build(), TrainingConfig.builder().build())) {
 *     Vae.train(model, trainIterator, validationIterator);
 *     model.save(Path.of("model.vae"));
 * }
 * }</pre>
 */
public final class Vae {
    private Vae() {
    }

    /** A new, freshly initialized model (weights from {@code training.seed()}). */
    public static VaeModel create(ModelConfig model, TrainingConfig training) {
        Runtime.ensureConfigured();
        return new VaeModel(model, training, VaeGraph.build(model, training.estimator(), training.seed()),
                List.of(), null);
    }

    /**
     * Trains until the model has {@code trainingConfig().epochs()} epochs; returns the epochs run.
     * Uses the fused step where it applies ({@link Trainer.Engine#AUTO}).
     */
    public static List<EpochSummary> train(VaeModel model, DataSetIterator train, DataSetIterator validation,
                                           TrainingListener... listeners) {
        return new Trainer(listeners).fit(model, train, validation);
    }

    /** Loads a model written by {@link VaeModel#save}; it gives the same outputs and can train on. */
    public static VaeModel load(Path file) {
        Runtime.ensureConfigured();
        ModelFile.Contents c = ModelFile.read(file);
        for (String name : new String[] {GraphNames.X, GraphNames.EPS, GraphNames.BETA, GraphNames.Z_IN,
            GraphNames.LOSS, GraphNames.ELBO, GraphNames.LOG_WEIGHTS, GraphNames.X_MEAN_FROM_Z}) {
            if (!c.graph().hasVariable(name)) {
                throw new ModelFileException(file + ": not a usable vae4j model: its graph has no '" + name
                        + "' variable.");
            }
        }
        VaeModel model = new VaeModel(c.modelConfig(), c.trainingConfig(), c.graph(), c.history(), c.dataJson());
        try {
            model.updater().restore(c.updaterState(), c.updater().iteration());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": not a usable vae4j model: " + e.getMessage() + ".");
        }
        return model;
    }

    /**
     * One-time ND4J settings: profiling off (M2.1 defaults to a slow checking mode), and a warning
     * when OpenBLAS will run generic kernels on this CPU.
     */
    static final class Runtime {
        private static volatile boolean done;

        static void ensureConfigured() {
            if (!done) {
                Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
                CpuCheck.warnIfGenericKernels();
                done = true;
            }
        }
    }
}
