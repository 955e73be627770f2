package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.VaeModel;
import org.vae4j.datasets.Examples;
import org.vae4j.datasets.LoadedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Originals beside their reconstructions decode(μ(x)): rows of originals, each followed by its reconstructions.")
final class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();
    @Option(names = "--data", paramLabel = "SPEC", description = "Data (default: the data the model was trained on).")
    String data;
    @Option(names = "--split", description = "train, validation or test (default: test, else validation).")
    String split;
    @Option(names = {"-n", "--count"}, defaultValue = "16", description = "How many (default ${DEFAULT-VALUE}).")
    int count;
    @Option(names = {"-o", "--out"}, required = true, description = "Output PNG (CSV for non-image data).")
    Path out;

    @Override
    public Integer call() throws IOException {
        common.applyLogging();
        if (count < 1) {
            throw new UserError("--count must be ≥ 1, got " + count);
        }
        try (VaeModel m = model.load()) {
            LoadedDataset ds = dataOptions.loadForModel(m, data);
            Examples ex = ds.split(DataOptionsMixin.parseSplit(split, ds)).head(count);
            INDArray recon = m.reconstruct(ex.features());
            Path written;
            if (ds.imageShape().isPresent()) {
                int[] s = ds.imageShape().get();
                Outputs.png(out, Images.pairs(ex.features(), recon, s[0], s[1], 8, 2));
                written = out;
            } else {
                written = Pictures.csvSibling(out);
                INDArray both = Nd4j.hstack(ex.features(), recon.castTo(ex.features().dataType()));
                Outputs.text(written, Tables.rows(both, null));
            }
            spec.commandLine().getOut().println("wrote " + ex.size() + " originals and reconstructions to " + written);
        }
        return 0;
    }
}
