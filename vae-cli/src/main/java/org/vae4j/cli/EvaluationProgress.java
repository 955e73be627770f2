package org.vae4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long evaluation on stderr: a bar with ETA on a terminal, a line at every tenth
 * otherwise, nothing when quiet.
 */
final class EvaluationProgress implements LongConsumer, AutoCloseable {
    private final ProgressReporter.Mode mode;
    private final PrintWriter err;
    private final long total;
    private final String label;
    private final ProgressBar bar;
    private int lastTenth;

    EvaluationProgress(ProgressReporter.Mode mode, PrintWriter err, PrintStream terminal, long total, String label) {
        this.mode = mode;
        this.err = err;
        this.total = Math.max(1, total);
        this.label = label;
        this.bar = mode == ProgressReporter.Mode.BAR
                ? new ProgressBarBuilder().setTaskName(label).setInitialMax(this.total).setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" examples", 1).setConsumer(new ConsoleProgressBarConsumer(terminal))
                        .setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
    }

    @Override
    public void accept(long done) {
        if (bar != null) {
            bar.stepTo(done);
        } else if (mode == ProgressReporter.Mode.LINES) {
            int tenth = (int) (10 * done / total);
            if (tenth > lastTenth && done < total) {
                lastTenth = tenth;
                err.printf("%s: %d of %d examples%n", label, done, total);
                err.flush();
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
