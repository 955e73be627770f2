package org.vae4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vae4j.core.VaeModel;
import org.vae4j.core.train.EpochSummary;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingProgress;

/**
 * Shows training progress on stderr: a progress bar per epoch (batch, ETA, loss, reconstruction,
 * KL) on a terminal, one plain line per epoch otherwise, nothing when quiet.
 */
final class ProgressReporter implements TrainingListener {
    enum Mode { BAR, LINES, QUIET }

    private final Mode mode;
    private final PrintWriter err;
    private final PrintStream terminal;
    private final long batchesPerEpoch;
    private ProgressBar bar;

    ProgressReporter(Mode mode, PrintWriter err, PrintStream terminal, long batchesPerEpoch) {
        this.mode = mode;
        this.err = err;
        this.terminal = terminal;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    static Mode modeFor(CommonOptions common) {
        if (common.quiet) {
            return Mode.QUIET;
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) ? Mode.BAR : Mode.LINES;
    }

    @Override
    public void onEpochStart(int epoch, int totalEpochs) {
        if (mode == Mode.BAR) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %d/%d", epoch, totalEpochs))
                    .setInitialMax(batchesPerEpoch)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" batches", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }
    }

    @Override
    public void onBatchEnd(TrainingProgress p) {
        if (bar != null) {
            bar.stepTo(p.batch());
            bar.setExtraMessage(String.format(" loss %.2f rec %.2f kl %.2f", p.loss(), p.reconstruction(), p.kl()));
        }
    }

    @Override
    public void onEpochEnd(VaeModel model, EpochSummary s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (mode == Mode.QUIET) {
            return;
        }
        String line = String.format("epoch %d/%d  elbo %.2f  rec %.2f  kl %.2f%s  %.1f s  %.0f ex/s",
                s.epoch(), model.trainingConfig().epochs(), s.elbo(), s.reconstruction(), s.kl(),
                s.validationElbo() == null ? "" : String.format("  val elbo %.2f", s.validationElbo()),
                s.seconds(), s.examplesPerSecond());
        if (mode == Mode.BAR) {
            terminal.println(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
