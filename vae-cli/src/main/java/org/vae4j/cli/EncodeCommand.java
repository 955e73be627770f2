package org.vae4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.Encoding;
import org.vae4j.core.VaeModel;
import org.vae4j.datasets.Examples;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.VaeDataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Write q(z|x) per example: index, label (when known), μ and log σ² of each latent dimension (CSV).")
final class EncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();
    @Option(names = "--data", paramLabel = "SPEC", required = true, description = "Data to encode.")
    String data;
    @Option(names = "--split", description = "train, validation or test (default: test, else validation).")
    String split;
    @Option(names = {"-o", "--out"}, required = true, description = "Output CSV.")
    Path out;

    @Override
    public Integer call() throws IOException {
        common.applyLogging();
        try (VaeModel m = model.load()) {
            LoadedDataset ds = dataOptions.loadForModel(m, data);
            VaeDataSetIterator it = ds.split(DataOptionsMixin.parseSplit(split, ds)).orderedIterator(500);
            int j = m.modelConfig().latentDim();
            long[] count = {0};
            Outputs.atomically(out, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                StringBuilder header = new StringBuilder("index");
                if (ds.hasLabels()) {
                    header.append(",label");
                }
                for (int k = 0; k < j; k++) {
                    header.append(",mu_").append(k);
                }
                for (int k = 0; k < j; k++) {
                    header.append(",logvar_").append(k);
                }
                w.write(header.append('\n').toString());
                while (it.hasNext()) {
                    Examples batch = it.nextBatch();
                    Encoding e = m.encode(batch.features());
                    double[] mu = e.mean().castTo(DataType.DOUBLE).dup('c').data().asDouble();
                    double[] lv = e.logVariance().castTo(DataType.DOUBLE).dup('c').data().asDouble();
                    int[] labels = batch.labels().orElse(null);
                    for (int i = 0; i < batch.size(); i++) {
                        StringBuilder row = new StringBuilder().append(count[0]++);
                        if (ds.hasLabels()) {
                            row.append(',').append(labels == null ? "" : String.valueOf(labels[i]));
                        }
                        for (int k = 0; k < j; k++) {
                            row.append(',').append(Outputs.num(mu[i * j + k]));
                        }
                        for (int k = 0; k < j; k++) {
                            row.append(',').append(Outputs.num(lv[i * j + k]));
                        }
                        w.write(row.append('\n').toString());
                    }
                }
                w.flush();
            });
            spec.commandLine().getOut().println("wrote " + count[0] + " encodings (" + j + " latent dimensions) to " + out);
        }
        return 0;
    }
}
