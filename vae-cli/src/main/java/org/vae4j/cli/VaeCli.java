package org.vae4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.vae4j.core.io.ModelFile;
import org.vae4j.core.io.ModelFileException;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.datasets.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vae} command. Exit codes: 0 success, 2 bad usage or bad input, 1 anything else. */
@Command(name = "vae", mixinStandardHelpOptions = true, versionProvider = VaeCli.Version.class,
        description = "Variational autoencoders on Deeplearning4j: train, evaluate and use VAEs.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, ReconstructCommand.class,
            EncodeCommand.class, InterpolateCommand.class, ScoreCommand.class, DatasetsCommand.class,
            InfoCommand.class, CommandLine.HelpCommand.class})
public final class VaeCli implements Runnable {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams (used by tests); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new VaeCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommand() != null
                    && parseResult.subcommand().hasMatchedOption("--verbose");
            int code = exitCodeFor(e);
            commandLine.getErr().println("vae " + commandLine.getCommandName() + ": " + message(e));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            } else if (code == FAILURE) {
                commandLine.getErr().println("(run with --verbose for details)");
            }
            commandLine.getErr().flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static int exitCodeFor(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof UserError || t instanceof DatasetException || t instanceof ModelFileException
                || t instanceof NoSuchFileException || t instanceof AccessDeniedException
                || t instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof TrainingDivergedException) {
            return e.getMessage() + " The last good checkpoint is kept.";
        }
        String m = e.getMessage();
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            m = m + ": " + e.getCause().getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** --version: the toolkit and the DL4J it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vae4j " + ModelFile.toolkitVersion() + " (Deeplearning4j 1.0.0-M2.1, Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
