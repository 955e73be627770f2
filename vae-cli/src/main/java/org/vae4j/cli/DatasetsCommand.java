package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vae4j.datasets.DatasetInfo;
import org.vae4j.datasets.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the named datasets and where each was found (or how to get it).")
final class DatasetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common = new CommonOptions();
    @Mixin
    DataOptionsMixin dataOptions = new DataOptionsMixin();

    @Override
    public Integer call() {
        common.applyLogging();
        PrintWriter w = spec.commandLine().getOut();
        for (DatasetInfo d : Datasets.available(dataOptions.search())) {
            w.printf("%-14s %s%n", d.name(), d.description());
            w.printf("%-14s %s %s%n", "", d.found() ? "found:" : "missing:", d.where());
        }
        w.println();
        w.println("Also: idx:DIR (MNIST layout), idx:FILE, csv:PATH?header=true&label=0 — see 'vae train --help'.");
        w.flush();
        return 0;
    }
}
