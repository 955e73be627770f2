package org.vae4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** --verbose and --quiet, shared by every command. */
final class CommonOptions {
    @Option(names = {"-v", "--verbose"}, description = "Show library logging and stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but results and errors (no progress).")
    boolean quiet;

    void applyLogging() {
        if (verbose) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
            for (String name : new String[] {"org.nd4j", "org.deeplearning4j", "org.datavec", "org.vae4j"}) {
                ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
            }
        }
    }
}
