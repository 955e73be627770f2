package org.vae4j.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;

/**
 * Run in a forked JVM by {@link BoundedMemoryTest}: the importance-weighted bound with K samples
 * for 20 MNIST-sized examples, K processed in chunks of at most {@code maxChunkElements} K·M·D
 * values. Prints the estimate and the peak resident memory.
 */
final class IwEvaluationMain {
    private IwEvaluationMain() {
    }

    public static void main(String[] args) throws Exception {
        int k = Integer.parseInt(args[0]);
        long maxChunkElements = Long.parseLong(args[1]);
        ModelConfig mc = ModelConfig.builder(784).hidden(200).latentDim(20).build();
        try (VaeModel m = Vae.create(mc, TrainingConfig.builder().seed(1).build())) {
            INDArray x = ToyData.binaryPrototypes(20, 784, 4, 1);
            EvaluationResult r = m.evaluate(ToyData.iterator(x, 10),
                    EvaluationOptions.importanceWeighted(k).withMaxChunkElements(maxChunkElements));
            System.out.println("logLikelihood=" + r.logLikelihood() + " elbo=" + r.elbo() + " peakRssMiB="
                    + peakRssMiB() + " maxHeapMiB=" + (Runtime.getRuntime().maxMemory() >> 20));
        }
    }

    /** VmHWM from /proc/self/status (Linux), or -1. */
    static long peakRssMiB() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }
}
