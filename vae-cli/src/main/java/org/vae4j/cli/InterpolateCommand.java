package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.VaeModel;
import org.vae4j.datasets.DataSplit;
import org.vae4j.datasets.Examples;
import org.vae4j.datasets.LoadedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Decode points on the line between the latent means of examples I and J.")
final class InterpolateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();
    @Option(names = "--data", paramLabel = "SPEC", required = true, description = "Data holding the two examples.")
    String data;
    @Option(names = "--split", description = "train, validation or test (default: test, else validation).")
    String split;
    @Option(names = "--from", paramLabel = "I", required = true, description = "Index of the first example.")
    int from;
    @Option(names = "--to", paramLabel = "J", required = true, description = "Index of the second example.")
    int to;
    @Option(names = "--steps", defaultValue = "10", description = "Points, ends included (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = {"-o", "--out"}, required = true, description = "Output PNG (CSV for non-image data).")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.applyLogging();
        if (steps < 2) {
            throw new UserError("--steps must be ≥ 2, got " + steps);
        }
        try (VaeModel m = model.load()) {
            LoadedDataset ds = dataOptions.loadForModel(m, data);
            DataSplit split = ds.split(DataOptionsMixin.parseSplit(this.split, ds));
            int max = Math.max(from, to);
            if (from < 0 || to < 0 || max >= split.size()) {
                throw new UserError("--from and --to must be example indexes in 0.." + (split.size() - 1)
                        + " of the " + split.split() + " split; got " + from + " and " + to);
            }
            Examples head = split.head(max + 1);
            INDArray decoded = m.interpolate(head.features().getRow(from), head.features().getRow(to), steps);
            int[] shape = ds.imageShape().orElse(null);
            Path written = Pictures.write(out, decoded, shape, steps);
            spec.commandLine().getOut().println("wrote " + steps + " interpolation steps to " + written);
        }
        return 0;
    }
}
