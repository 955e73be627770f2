package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.core.EvaluationOptions;
import org.vae4j.core.EvaluationResult;
import org.vae4j.core.VaeModel;
import org.vae4j.core.io.Json;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model: ELBO, its reconstruction and KL terms, and the importance-weighted",
            "estimate of log p(x) with K samples. All per example, in nats (bits/dim also)."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();
    @Option(names = "--data", paramLabel = "SPEC", description = "Data to evaluate on (default: the data the model was trained on).")
    String data;
    @Option(names = "--split", description = "train, validation or test (default: test where the data has one, else validation).")
    String split;
    @Option(names = {"-k", "--iw-samples"}, paramLabel = "K", defaultValue = "100",
            description = "Importance samples for log p(x); 0 for the ELBO only (default ${DEFAULT-VALUE}).")
    int iwSamples;
    @Option(names = "--batch-size", defaultValue = "100", description = "Examples per batch (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--seed", defaultValue = "1234", description = "Seed for ε (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        common.applyLogging();
        if (iwSamples < 0) {
            throw new UserError("--iw-samples must be ≥ 0, got " + iwSamples);
        }
        if (batchSize < 1) {
            throw new UserError("--batch-size must be ≥ 1, got " + batchSize);
        }
        try (VaeModel m = model.load()) {
            LoadedDataset ds = dataOptions.loadForModel(m, data);
            Split s = DataOptionsMixin.parseSplit(split, ds);
            EvaluationResult r;
            try (EvaluationProgress progress = new EvaluationProgress(ProgressReporter.modeFor(common),
                    spec.commandLine().getErr(), System.err, ds.split(s).size(), "evaluating")) {
                r = m.evaluate(ds.split(s).orderedIterator(batchSize),
                        new EvaluationOptions(iwSamples, 1, seed, false, 4_000_000), progress);
            }
            double jac = Units.logJacobian(m, ds);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("elbo", r.elbo() + jac);
            out.put("reconstruction_log_likelihood", r.reconstruction() + jac);
            out.put("kl", r.kl());
            if (r.logLikelihood() != null) {
                out.put("log_likelihood", r.logLikelihood() + jac);
            }
            out.put("iw_samples", iwSamples);
            out.put("examples", r.examples());
            double best = r.logLikelihood() != null ? r.logLikelihood() + jac : r.elbo() + jac;
            out.put("bits_per_dim", -best / (m.modelConfig().inputDim() * Math.log(2)));
            out.put("data", ds.name());
            out.put("split", s.toString());
            out.put("units", "nats per example" + (jac != 0 ? " (in the original units of the data)" : ""));
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                w.println(Json.mapper().createObjectNode().setAll(
                        (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(out)).toString());
            } else {
                w.printf("data %s, %s split, %d examples%n", ds.name(), s, r.examples());
                w.printf("  ELBO                     %10.3f nats%n", (double) out.get("elbo"));
                w.printf("  reconstruction log p(x|z) %9.3f nats%n", (double) out.get("reconstruction_log_likelihood"));
                w.printf("  KL(q(z|x) || p(z))       %10.3f nats%n", r.kl());
                if (r.logLikelihood() != null) {
                    w.printf("  log p(x) (IW, K=%d)%s %10.3f nats%n", iwSamples,
                            " ".repeat(Math.max(0, 6 - String.valueOf(iwSamples).length())), (double) out.get("log_likelihood"));
                }
                w.printf("  bits/dim                 %10.4f%n", (double) out.get("bits_per_dim"));
            }
            w.flush();
        }
        return 0;
    }
}
