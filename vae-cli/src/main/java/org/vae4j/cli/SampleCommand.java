package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.core.VaeModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate new examples: z ~ N(0, I), then the mean of p(x|z). PNG for images, CSV otherwise.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Option(names = {"-n", "--count"}, defaultValue = "64", description = "How many (default ${DEFAULT-VALUE}).")
    int count;
    @Option(names = {"-o", "--out"}, defaultValue = "samples.png", description = "Output file (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for z (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        common.applyLogging();
        if (count < 1) {
            throw new UserError("--count must be ≥ 1, got " + count);
        }
        try (VaeModel m = model.load()) {
            int[] shape = Pictures.imageShape(m);
            Path written = Pictures.write(out, m.generate(count, seed), shape, (int) Math.ceil(Math.sqrt(count)));
            spec.commandLine().getOut().println("wrote " + count + " samples to " + written);
        }
        return 0;
    }
}
