package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.Activation;
import org.vae4j.core.config.Enums;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.io.Json;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.datasets.Binarization;
import org.vae4j.datasets.DataOptions;
import org.vae4j.datasets.DataSpec;
import org.vae4j.datasets.Datasets;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.Normalization;
import org.vae4j.datasets.Split;
import org.vae4j.datasets.VaeDataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a VAE (AEVB with the SGVB estimator).",
            "With no options: the embedded mnist-10k digits, 784-400-20 ReLU, Bernoulli decoder, Adam 1e-3.",
            "Writes DIR/model.vae (also after every epoch), metrics.json, history.csv, config.json,",
            "training-curve.png and, for images, samples.png and reconstructions.png."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Dataset: mnist-10k (embedded, default), mnist, fashion-mnist, idx:DIR, idx:FILE, csv:PATH?header=true&label=0")
    String data;
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "runs/vae")
    Path out;
    @Option(names = "--config", paramLabel = "FILE.json", description = "A config file (as written to DIR/config.json); flags override it.")
    Path config;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint (DIR/model.vae).")
    Path resume;
    @Option(names = "--latent", paramLabel = "J", description = "Latent dimension (default 20).")
    Integer latent;
    @Option(names = "--hidden", paramLabel = "N,N", split = ",", description = "Hidden layer sizes, encoder side; the decoder mirrors them (default 400).")
    List<Integer> hidden;
    @Option(names = "--activation", description = "relu, tanh, leaky-relu, softplus, elu, sigmoid (default relu).")
    String activation;
    @Option(names = "--decoder", description = "bernoulli or gaussian (default bernoulli).")
    String decoder;
    @Option(names = "--variance", description = "Gaussian decoder variance: per-example, per-dimension, fixed (default per-example).")
    String variance;
    @Option(names = "--epochs", description = "Epochs (default 20).")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "M", description = "Minibatch size (default 128).")
    Integer batchSize;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default 1e-3).")
    Double lr;
    @Option(names = "--lr-schedule", paramLabel = "E:LR,…",
            description = "Learning rate steps: from epoch E on use LR, e.g. 1:1e-3,4:5e-4; or iwae:N for the IWAE paper's N-stage schedule (3^i epochs at lr·10^(-i/7)).")
    String lrSchedule;
    @Option(names = "--updater", description = "adam, adagrad, sgd (default adam).")
    String updater;
    @Option(names = "--samples", paramLabel = "L", description = "Samples of z per datapoint (default 1).")
    Integer samples;
    @Option(names = "--estimator", description = "sgvb-b (analytic KL, default) or sgvb-a.")
    String estimator;
    @Option(names = "--beta", paramLabel = "B", description = "Weight of the KL term (default 1).")
    Double beta;
    @Option(names = "--warmup", paramLabel = "EPOCHS", description = "KL warm-up epochs (default 0).")
    Integer warmup;
    @Option(names = "--weight-decay", paramLabel = "X", description = "L2 weight decay (default 0).")
    Double weightDecay;
    @Option(names = "--binarize", description = "none, threshold, static, dynamic (default none).")
    String binarize;
    @Option(names = "--normalize", description = "none, standard, minmax (default: ÷255 for images, none for CSV).")
    String normalize;
    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Share of the training data held out for validation, 0 for none (default: 5,000 of MNIST's 60,000, 1,000 of mnist-10k, 10%% otherwise).")
    Double validationFraction;
    @Option(names = "--engine", defaultValue = "auto",
            description = "How steps are computed: auto (a fused ND4J step, proven equal to the graph, where it applies) or samediff (always the SameDiff graph).")
    String engine;
    @Option(names = "--seed", paramLabel = "S", description = "The one seed for weights, noise, shuffling, binarization (default 42).")
    Long seed;

    @Override
    public Integer call() throws IOException {
        common.applyLogging();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path dir = resume != null ? resume : out;
        RunConfig cfg = effectiveConfig();

        LoadedDataset ds = loadData(cfg.data(), cfg.training().seed());
        ModelConfig mc = cfg.model().toBuilder().inputDim(ds.inputDim()).build();
        if (config != null && cfg.model().inputDim() != 1 && cfg.model().inputDim() != ds.inputDim()) {
            throw new UserError("the config says inputDim " + cfg.model().inputDim() + " but '" + ds.name()
                    + "' has " + ds.inputDim() + " values per example");
        }
        TrainingConfig tc = cfg.training();
        long trainSize = ds.split(Split.TRAIN).size();
        if (tc.batchSize() > trainSize) {
            throw new UserError("--batch-size " + tc.batchSize() + " is larger than the training data ("
                    + trainSize + " examples); use at most " + trainSize);
        }
        RunConfig effective = new RunConfig(cfg.data(), mc, tc);

        VaeModel model = resume != null ? resumeModel(dir, mc, tc) : Vae.create(mc, tc);
        try (model) {
            model.setDataJson(TrainedOn.of(ds).toJson());
            Files.createDirectories(dir);
            Outputs.removeStaleTemporaries(dir);
            Outputs.text(dir.resolve("config.json"), effective.toJson());
            VaeDataSetIterator train = ds.split(Split.TRAIN).iterator(tc.batchSize(), tc.seed());
            train.resetTo(model.history().size());
            boolean hasValidation = ds.hasSplit(Split.VALIDATION) && ds.split(Split.VALIDATION).size() > 0;
            VaeDataSetIterator validation = hasValidation
                    ? ds.split(Split.VALIDATION).orderedIterator(Math.max(256, tc.batchSize())) : null;

            long batches = (trainSize + tc.batchSize() - 1) / tc.batchSize();
            ProgressReporter progress = new ProgressReporter(ProgressReporter.modeFor(common), stderr, System.err,
                    batches);
            TrainingListener checkpoint = new TrainingListener() {
                @Override
                public void onEpochEnd(VaeModel m, EpochSummary s) {
                    try {
                        m.save(dir.resolve("model.vae"));
                        writeHistory(dir, m.history());
                        if (s.seconds() >= 1) {
                            // ND4J frees an array's native memory only when the GC collects it, and a
                            // large idle heap is rarely collected: resident memory crept up 100 MiB in
                            // 30 MNIST epochs. A collection per epoch (~50 ms) keeps it flat.
                            System.gc();
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException("cannot write the checkpoint in " + dir, e);
                    }
                }
            };
            if (model.history().size() >= tc.epochs()) {
                stderr.println("vae: the model in " + dir + " already has " + model.history().size()
                        + " epochs; raise --epochs to train more");
            }
            try {
                new Trainer(Enums.parse(Trainer.Engine.class, engine, "engine"), progress, checkpoint)
                        .fit(model, train, validation);
            } catch (TrainingDivergedException e) {
                Path kept = dir.resolve("model.vae");
                throw new UserError(e.getMessage() + (model.history().isEmpty()
                        ? " No checkpoint was written" + (Files.exists(kept) ? "; " + kept + " is left as it was." : ".")
                        : " The last good checkpoint, " + kept + " (" + model.history().size() + " epochs), is kept."), e);
            } finally {
                progress.close();
            }
            writeResults(dir, model, ds);
            List<EpochSummary> h = model.history();
            if (!h.isEmpty()) {
                EpochSummary last = h.get(h.size() - 1);
                stdout.printf("trained %d epochs on %s: train ELBO %.2f nats%s%n", h.size(), ds.name(), last.elbo(),
                        last.validationElbo() == null ? "" : String.format(", validation ELBO %.2f", last.validationElbo()));
            }
            stdout.println("wrote " + dir.resolve("model.vae") + " and metrics.json, history.csv, config.json, "
                    + "training-curve.png" + (ds.imageShape().isPresent() ? ", samples.png, reconstructions.png" : ", samples.csv, reconstructions.csv")
                    + " in " + dir);
            stdout.flush();
        }
        return 0;
    }

    private RunConfig effectiveConfig() {
        RunConfig base;
        if (resume != null) {
            Path saved = resume.resolve("config.json");
            if (!Files.exists(saved)) {
                throw new UserError(resume + ": nothing to resume (no config.json); train with --out " + resume + " first");
            }
            base = RunConfig.read(saved);
        } else {
            base = config != null ? RunConfig.read(config) : RunConfig.defaults();
        }
        RunConfig.DataSection d = base.data();
        d = new RunConfig.DataSection(data != null ? data : d.spec(), binarize != null ? binarize : d.binarize(),
                normalize != null ? normalize : d.normalize(),
                validationFraction != null ? validationFraction : d.validationFraction());
        ModelConfig.Builder mb = base.model().toBuilder();
        if (latent != null) {
            mb.latentDim(latent);
        }
        if (hidden != null) {
            mb.hidden(hidden);
            mb.decoderHidden(reversed(hidden));
        }
        if (activation != null) {
            mb.activation(Activation.parse(activation));
        }
        if (decoder != null) {
            mb.likelihood(Likelihood.parse(decoder));
        }
        if (variance != null) {
            mb.varianceMode(VarianceMode.parse(variance));
        }
        TrainingConfig.Builder tb = base.training().toBuilder();
        if (epochs != null) {
            tb.epochs(epochs);
        }
        if (batchSize != null) {
            tb.batchSize(batchSize);
        }
        if (lr != null) {
            tb.learningRate(lr);
        }
        if (lrSchedule != null) {
            tb.learningRateSchedule(parseSchedule(lrSchedule, lr != null ? lr : base.training().learningRate()));
        }
        if (updater != null) {
            tb.updater(org.vae4j.core.config.UpdaterType.parse(updater));
        }
        if (samples != null) {
            tb.samples(samples);
        }
        if (estimator != null) {
            tb.estimator(org.vae4j.core.config.Estimator.parse(estimator));
        }
        if (beta != null) {
            tb.beta(beta);
        }
        if (warmup != null) {
            tb.warmupEpochs(warmup);
        }
        if (weightDecay != null) {
            tb.weightDecay(weightDecay);
        }
        if (seed != null) {
            tb.seed(seed);
        }
        try {
            return new RunConfig(d, mb.build(), tb.build());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static java.util.SortedMap<Integer, Double> parseSchedule(String text, double base) {
        String t = text.trim();
        try {
            if (t.startsWith("iwae:")) {
                return TrainingConfig.iwaeSchedule(base, Integer.parseInt(t.substring(5)));
            }
            java.util.SortedMap<Integer, Double> m = new java.util.TreeMap<>();
            for (String part : t.split(",")) {
                String[] kv = part.split(":");
                if (kv.length != 2) {
                    throw new NumberFormatException(part);
                }
                m.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
            }
            return m;
        } catch (NumberFormatException e) {
            throw new UserError("--lr-schedule: cannot read '" + text + "'; expected EPOCH:LR pairs such as "
                    + "1:1e-3,4:5e-4, or iwae:N");
        }
    }

    private static List<Integer> reversed(List<Integer> l) {
        List<Integer> r = new java.util.ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private LoadedDataset loadData(RunConfig.DataSection d, long seed) {
        DataOptions opts = dataOptions.options().withSeed(seed)
                .withBinarization(Enums.parse(Binarization.class, d.binarize(), "binarization"));
        if (d.validationFraction() != null) {
            opts = opts.withValidationFraction(d.validationFraction());
        }
        if (d.normalize() != null) {
            opts = opts.withNormalization(Enums.parse(Normalization.class, d.normalize(), "normalization"));
        }
        return Datasets.load(DataSpec.parse(d.spec()), opts);
    }

    private VaeModel resumeModel(Path dir, ModelConfig mc, TrainingConfig tc) {
        Path file = dir.resolve("model.vae");
        if (!Files.exists(file)) {
            throw new UserError(dir + ": no checkpoint to resume from (model.vae is missing)");
        }
        VaeModel m = Vae.load(file);
        if (m.modelConfig().inputDim() != mc.inputDim()) {
            throw new UserError("--resume: the checkpoint in " + dir + " expects " + m.modelConfig().inputDim()
                    + " values per example but the data has " + mc.inputDim() + "; resume with the data it was trained on");
        }
        if (!m.modelConfig().equals(mc)) {
            throw new UserError("--resume: the architecture asked for differs from the checkpoint's in " + dir
                    + "; leave the model options out when resuming");
        }
        m.setTrainingConfig(tc);
        return m;
    }

    /** Peak resident memory of this process (Linux: VmHWM), or null where unknown. */
    static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static void writeHistory(Path dir, List<EpochSummary> history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,seconds,train_elbo,train_reconstruction,train_kl,"
                + "validation_elbo,validation_reconstruction,validation_kl,examples_per_second,beta\n");
        for (EpochSummary e : history) {
            csv.append(e.epoch()).append(',').append(Outputs.num(e.seconds())).append(',')
                    .append(Outputs.num(e.elbo())).append(',').append(Outputs.num(e.reconstruction())).append(',')
                    .append(Outputs.num(e.kl())).append(',')
                    .append(e.validationElbo() == null ? "" : Outputs.num(e.validationElbo())).append(',')
                    .append(e.validationReconstruction() == null ? "" : Outputs.num(e.validationReconstruction())).append(',')
                    .append(e.validationKl() == null ? "" : Outputs.num(e.validationKl())).append(',')
                    .append(Outputs.num(e.examplesPerSecond())).append(',').append(Outputs.num(e.beta())).append('\n');
        }
        Outputs.text(dir.resolve("history.csv"), csv.toString());
    }

    private void writeResults(Path dir, VaeModel model, LoadedDataset ds) throws IOException {
        List<EpochSummary> h = model.history();
        writeHistory(dir, h);
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (!h.isEmpty()) {
            EpochSummary last = h.get(h.size() - 1);
            metrics.put("train_elbo", last.elbo());
            metrics.put("train_reconstruction", last.reconstruction());
            metrics.put("train_kl", last.kl());
            metrics.put("validation_elbo", last.validationElbo());
            metrics.put("validation_reconstruction", last.validationReconstruction());
            metrics.put("validation_kl", last.validationKl());
            metrics.put("epochs", h.size());
            metrics.put("seconds", h.stream().mapToDouble(EpochSummary::seconds).sum());
            metrics.put("examples_per_second", h.stream().mapToLong(EpochSummary::examples).sum()
                    / h.stream().mapToDouble(EpochSummary::seconds).sum());
        } else {
            metrics.put("epochs", 0);
        }
        metrics.put("peak_rss_mb", peakRssMb());
        metrics.put("engine", engine);
        metrics.put("units", "nats per example");
        metrics.put("data", ds.name());
        metrics.put("model", dir.resolve("model.vae").toString());
        Outputs.text(dir.resolve("metrics.json"), Json.write(metrics));
        if (!h.isEmpty()) {
            Outputs.png(dir.resolve("training-curve.png"), Plots.elboCurve(h, "vae4j: " + ds.name()));
        }
        long seedForPictures = model.trainingConfig().seed();
        INDArray samples = model.generate(64, seedForPictures);
        boolean hasValidation = ds.hasSplit(Split.VALIDATION) && ds.split(Split.VALIDATION).size() > 0;
        var examples = ds.split(hasValidation ? Split.VALIDATION : Split.TRAIN).head(16);
        INDArray recon = model.reconstruct(examples.features());
        if (ds.imageShape().isPresent()) {
            int[] shape = ds.imageShape().get();
            Outputs.png(dir.resolve("samples.png"), Images.grid(samples, shape[0], shape[1], 8, 2));
            Outputs.png(dir.resolve("reconstructions.png"),
                    Images.pairs(examples.features(), recon, shape[0], shape[1], 8, 2));
        } else {
            Outputs.text(dir.resolve("samples.csv"), Tables.rows(samples, null));
            Outputs.text(dir.resolve("reconstructions.csv"), Tables.rows(recon, null));
        }
    }
}
