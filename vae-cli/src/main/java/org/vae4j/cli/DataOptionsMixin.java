package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.core.VaeModel;
import org.vae4j.datasets.DataOptions;
import org.vae4j.datasets.DataSpec;
import org.vae4j.datasets.Datasets;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.SearchOptions;
import org.vae4j.datasets.Split;
import picocli.CommandLine.Option;

/** --data-dir, shared by commands that read data; and the logic to load data for a saved model. */
final class DataOptionsMixin {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Extra directory to look in for named datasets (mnist, fashion-mnist); repeatable.")
    List<Path> dataDirs = new ArrayList<>();

    SearchOptions search() {
        SearchOptions s = SearchOptions.fromSystem();
        if (!dataDirs.isEmpty()) {
            List<Path> dirs = new ArrayList<>(dataDirs);
            dirs.addAll(s.dataDirs());
            s = s.withDataDirs(dirs);
        }
        return s;
    }

    DataOptions options() {
        return DataOptions.defaults().withSearch(search());
    }

    /**
     * Loads data for a saved model with the model's preprocessing: the given spec, or the data the
     * model was trained on when spec is null. Checks that the dimensions agree.
     */
    LoadedDataset loadForModel(VaeModel model, String spec) {
        TrainedOn trainedOn = TrainedOn.fromJson(model.dataJson());
        String effective = spec != null ? spec : trainedOn != null ? trainedOn.spec() : null;
        if (effective == null) {
            throw new UserError("this model does not record the data it was trained on; give --data SPEC");
        }
        LoadedDataset ds = trainedOn != null
                ? Datasets.load(DataSpec.parse(effective), options(), trainedOn.fittedPreprocessing())
                : Datasets.load(DataSpec.parse(effective), options());
        if (ds.inputDim() != model.modelConfig().inputDim()) {
            throw new UserError("the model expects " + model.modelConfig().inputDim() + " values per example, but '"
                    + effective + "' has " + ds.inputDim() + "; use data like the data the model was trained on"
                    + (trainedOn != null ? " (" + trainedOn.spec() + ")" : ""));
        }
        return ds;
    }

    static Split parseSplit(String s, LoadedDataset ds) {
        if (s == null) {
            return ds.evaluationSplit();
        }
        Split split = switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "validation", "valid", "val" -> Split.VALIDATION;
            case "test" -> Split.TEST;
            default -> throw new UserError("unknown split '" + s + "'; expected train, validation or test");
        };
        if (!ds.hasSplit(split)) {
            throw new UserError("'" + ds.name() + "' has no " + s + " split; it has " + ds.splits().stream()
                    .map(x -> x.split().toString()).toList());
        }
        return split;
    }
}
