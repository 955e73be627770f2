package org.vae4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import picocli.CommandLine.Option;

/** --model FILE (a model file, or a training output directory holding model.vae). */
final class ModelOption {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
            description = "A model file written by 'vae train' (DIR/model.vae), or that DIR.")
    Path model;

    VaeModel load() {
        Path file = Files.isDirectory(model) ? model.resolve("model.vae") : model;
        return Vae.load(file);
    }
}
