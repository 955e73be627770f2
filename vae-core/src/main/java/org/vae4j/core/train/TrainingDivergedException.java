package org.vae4j.core.train;

/**
 * Training produced a non-finite loss. The model has been put back to its state at the start of
 * the failing epoch, so the last good weights are kept.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, double loss, double learningRate) {
        super(String.format("training diverged: the loss became %s at epoch %d, batch %d; the model was "
                + "restored to its state before epoch %d. Try a smaller learning rate (it was %s).",
                loss, epoch, batch, epoch, learningRate));
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
