package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.core.EvaluationOptions;
import org.vae4j.core.EvaluationResult;
import org.vae4j.core.VaeModel;
import org.vae4j.datasets.DataSplit;
import org.vae4j.datasets.LoadedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Per-example anomaly scores (CSV): the importance-weighted log p(x), the ELBO and the",
            "reconstruction probability (mean over samples of log p(x|z), as DL4J's VAE layer reports it).",
            "Low values are unusual examples."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();
    @Option(names = "--data", paramLabel = "SPEC", required = true, description = "Data to score.")
    String data;
    @Option(names = "--split", description = "train, validation or test (default: test, else validation).")
    String split;
    @Option(names = {"-k", "--iw-samples"}, paramLabel = "K", defaultValue = "100", description = "Importance samples (default ${DEFAULT-VALUE}).")
    int iwSamples;
    @Option(names = "--recon-samples", paramLabel = "L", defaultValue = "10", description = "Samples for the reconstruction probability (default ${DEFAULT-VALUE}).")
    int reconSamples;
    @Option(names = "--seed", defaultValue = "1234", description = "Seed for ε (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = {"-o", "--out"}, required = true, description = "Output CSV.")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.applyLogging();
        if (iwSamples < 1) {
            throw new UserError("--iw-samples must be ≥ 1, got " + iwSamples);
        }
        if (reconSamples < 1) {
            throw new UserError("--recon-samples must be ≥ 1, got " + reconSamples);
        }
        try (VaeModel m = model.load()) {
            LoadedDataset ds = dataOptions.loadForModel(m, data);
            DataSplit split = ds.split(DataOptionsMixin.parseSplit(this.split, ds));
            EvaluationResult r;
            try (EvaluationProgress progress = new EvaluationProgress(ProgressReporter.modeFor(common),
                    spec.commandLine().getErr(), System.err, split.size(), "scoring")) {
                r = m.evaluate(split.orderedIterator(100),
                        new EvaluationOptions(iwSamples, reconSamples, seed, true, 4_000_000), progress);
            }
            int[] labels = split.labels().orElse(null);
            double jac = Units.logJacobian(m, ds);
            StringBuilder csv = new StringBuilder("index");
            csv.append(labels != null ? ",label" : "").append(",log_likelihood,elbo,reconstruction_probability\n");
            for (int i = 0; i < r.examples(); i++) {
                csv.append(i);
                if (labels != null) {
                    csv.append(',').append(labels[i]);
                }
                csv.append(',').append(Outputs.num(r.perExampleLogLikelihood()[i] + jac))
                        .append(',').append(Outputs.num(r.perExampleElbo()[i] + jac))
                        .append(',').append(Outputs.num(r.reconstructionProbability()[i] + jac)).append('\n');
            }
            Outputs.text(out, csv.toString());
            spec.commandLine().getOut().printf("wrote scores of %d examples to %s (mean log p(x) %.3f nats, K=%d)%n",
                    r.examples(), out, r.logLikelihood() + jac, iwSamples);
        }
        return 0;
    }
}
