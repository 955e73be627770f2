package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.core.VaeModel;
import org.vae4j.core.io.Json;
import org.vae4j.core.train.EpochSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model's configuration, data and training history.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        common.applyLogging();
        PrintWriter w = spec.commandLine().getOut();
        try (VaeModel m = model.load()) {
            TrainedOn data = TrainedOn.fromJson(m.dataJson());
            List<EpochSummary> h = m.history();
            if (json) {
                var node = Json.mapper().createObjectNode();
                node.set("model", Json.mapper().valueToTree(m.modelConfig()));
                node.set("training", Json.mapper().valueToTree(m.trainingConfig()));
                node.set("data", data == null ? null : Json.mapper().valueToTree(data));
                node.set("history", Json.mapper().valueToTree(h));
                w.println(node.toString());
            } else {
                var mc = m.modelConfig();
                var tc = m.trainingConfig();
                w.printf("model     %d-%s-%d, %s, %s decoder%s%n", mc.inputDim(), join(mc.encoderHidden()), mc.latentDim(),
                        mc.activation().name().toLowerCase(), mc.likelihood().name().toLowerCase(),
                        mc.likelihood() == org.vae4j.core.config.Likelihood.GAUSSIAN
                                ? " (variance " + mc.varianceMode().name().toLowerCase().replace('_', '-') + ")" : "");
                w.printf("training  %s lr %s, batch %d, L=%d, %s, beta %s, seed %d%n", tc.updater().name().toLowerCase(),
                        tc.learningRate(), tc.batchSize(), tc.samples(), tc.estimator().name().toLowerCase().replace('_', '-'),
                        tc.beta(), tc.seed());
                w.printf("data      %s%n", data == null ? "(not recorded)" : data.spec());
                if (h.isEmpty()) {
                    w.println("history   not trained");
                } else {
                    EpochSummary last = h.get(h.size() - 1);
                    w.printf("history   %d epochs, %.1f s; last train ELBO %.3f%s%n", h.size(),
                            h.stream().mapToDouble(EpochSummary::seconds).sum(), last.elbo(),
                            last.validationElbo() == null ? "" : String.format(", validation ELBO %.3f", last.validationElbo()));
                }
            }
            w.flush();
        }
        return 0;
    }

    private static String join(List<Integer> l) {
        return l.stream().map(String::valueOf).reduce((a, b) -> a + "-" + b).orElse("");
    }
}
