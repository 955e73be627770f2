package org.vae4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.NoiseSource;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.graph.QuietGradients;
import org.vae4j.core.train.FusedStep;
import org.vae4j.datasets.DataOptions;
import org.vae4j.datasets.DataSpec;
import org.vae4j.datasets.Datasets;
import org.vae4j.datasets.Split;
import org.vae4j.datasets.VaeDataSetIterator;

/**
 * Per-step time of the fused ND4J step against SameDiff's calculateGradientsAndOutputs on the
 * canonical model (784-400-20-400-784, ReLU, Bernoulli, float), alternating blocks of steps in
 * one JVM so both see the same machine load. Two modes: "grad" (values and gradients only) and
 * "train" (plus the ParameterUpdater's Adam step, as the Trainer runs it). Each path trains its
 * own copy of the model from the same seed on the same batches and ε.
 *
 * Reports wall time and process CPU time (all threads: BLAS's too) per step; on a shared machine
 * the CPU time is the steadier of the two.
 *
 * Options: --batch 128, --rounds 12, --block 25 (steps per block), --warmup 40,
 * --mode grad|train|both|fused (both; fused: only the fused step and its Adam update, no SameDiff),
 * --ew-threads N (ND4J element-wise threads; default: ND4J's).
 */
public final class FusedStepBench {
    private static final List<String> OUTPUTS = List.of(GraphNames.ELBO_MEAN, GraphNames.RECON_MEAN, GraphNames.KL_MEAN);

    public static void main(String[] args) {
        int batch = intArg(args, "--batch", 128);
        int rounds = intArg(args, "--rounds", 12);
        int block = intArg(args, "--block", 25);
        int warmup = intArg(args, "--warmup", 40);
        int ewThreads = intArg(args, "--ew-threads", 0);
        String mode = strArg(args, "--mode", "both");
        if (ewThreads > 0) {
            Nd4j.getEnvironment().setMaxThreads(ewThreads);
            Nd4j.getEnvironment().setMaxMasterThreads(ewThreads);
        }
        ModelConfig mc = ModelConfig.builder(784).build();
        TrainingConfig tc = TrainingConfig.builder().batchSize(batch).seed(42).build();
        List<INDArray> batches = loadBatches(batch);
        NoiseSource noise = new NoiseSource(7);
        List<INDArray> eps = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            eps.add(noise.standardNormal(DataType.FLOAT, 1, batch, mc.latentDim()));
        }
        System.out.printf("env OPENBLAS_CORETYPE=%s OMP_WAIT_POLICY=%s OMP_NUM_THREADS=%s; ND4J threads %d; "
                        + "batch %d, %d batches; %s%n", System.getenv("OPENBLAS_CORETYPE"), System.getenv("OMP_WAIT_POLICY"),
                System.getenv("OMP_NUM_THREADS"), Nd4j.getEnvironment().maxThreads(), batch, batches.size(),
                Nd4j.getExecutioner().getClass().getSimpleName());

        try (VaeModel sdModel = Vae.create(mc, tc); VaeModel fusedModel = Vae.create(mc, tc);
             FusedStep fused = new FusedStep(fusedModel)) {
            SameDiff sd = sdModel.graph();
            QuietGradients.createGradFunction(sd);
            checkEqual(sdModel, fused, batches.get(0), eps.get(0));
            int[] cursor = {0, 0};
            boolean fusedOnly = mode.equals("fused");
            for (String m : mode.equals("both") ? List.of("grad", "train") : List.of(fusedOnly ? "train" : mode)) {
                boolean train = m.equals("train");
                Runnable sdStep = () -> {
                    if (fusedOnly) {
                        return;
                    }
                    int i = cursor[0]++ % batches.size();
                    Map<String, INDArray> feeds = Map.of(GraphNames.X, batches.get(i), GraphNames.EPS, eps.get(i),
                            GraphNames.BETA, Nd4j.scalar(DataType.FLOAT, 1.0));
                    OutAndGrad r = sd.calculateGradientsAndOutputs(feeds, OUTPUTS, sdModel.updater().variables());
                    r.getOutputs().get(GraphNames.ELBO_MEAN).getDouble(0);
                    if (train) {
                        sdModel.updater().step(sd, r.getGradients(), 1);
                    }
                };
                Runnable fusedStep = () -> {
                    int i = cursor[1]++ % batches.size();
                    FusedStep.Result r = fused.step(batches.get(i), eps.get(i), 1.0);
                    if (train) {
                        fusedModel.updater().step(fusedModel.graph(), r.gradients(), 1);
                    }
                };
                for (int w = 0; w < warmup; w++) {
                    sdStep.run();
                    fusedStep.run();
                }
                double[][] sdMs = new double[2][rounds];
                double[][] fusedMs = new double[2][rounds];
                for (int r = 0; r < rounds; r++) {
                    // alternate which path goes first
                    if (r % 2 == 0) {
                        time(sdStep, block, sdMs, r);
                        time(fusedStep, block, fusedMs, r);
                    } else {
                        time(fusedStep, block, fusedMs, r);
                        time(sdStep, block, sdMs, r);
                    }
                }
                report(m, "SameDiff", "wall", sdMs[0]);
                report(m, "fused", "wall", fusedMs[0]);
                report(m, "SameDiff", "cpu", sdMs[1]);
                report(m, "fused", "cpu", fusedMs[1]);
                System.out.printf("%-5s speed-up: wall median %.2fx, wall min %.2fx, process CPU median %.2fx%n", m,
                        median(sdMs[0]) / median(fusedMs[0]), min(sdMs[0]) / min(fusedMs[0]),
                        median(sdMs[1]) / median(fusedMs[1]));
            }
        }
    }

    private static void checkEqual(VaeModel sdModel, FusedStep fused, INDArray x, INDArray eps) {
        Map<String, INDArray> feeds = Map.of(GraphNames.X, x, GraphNames.EPS, eps, GraphNames.BETA,
                Nd4j.scalar(DataType.FLOAT, 1.0));
        OutAndGrad r = sdModel.graph().calculateGradientsAndOutputs(feeds, OUTPUTS, sdModel.updater().variables());
        FusedStep.Result f = fused.step(x, eps, 1.0);
        double worst = 0;
        String worstName = "";
        for (Map.Entry<String, INDArray> e : r.getGradients().entrySet()) {
            INDArray g = f.gradients().get(e.getKey());
            double d = g.sub(e.getValue()).amaxNumber().doubleValue() / e.getValue().amaxNumber().doubleValue();
            if (d > worst) {
                worst = d;
                worstName = e.getKey();
            }
        }
        double elbo = r.getOutputs().get(GraphNames.ELBO_MEAN).getDouble(0);
        System.out.printf("float check on the canonical model: ELBO %.6f vs %.6f (rel %.1e), gradients max rel %.1e (%s)%n",
                f.elboMean(), elbo, Math.abs(f.elboMean() - elbo) / Math.abs(elbo), worst, worstName);
    }

    /** Wall time and process CPU time (all threads) per step of a block, into ms[0][r] and ms[1][r]. */
    private static void time(Runnable step, int n, double[][] ms, int r) {
        long c0 = CPU.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        ms[0][r] = (System.nanoTime() - t0) / 1e6 / n;
        ms[1][r] = (CPU.getProcessCpuTime() - c0) / 1e6 / n;
    }

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static void report(String mode, String what, String clock, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-5s %-8s %-4s ms/step: min %6.2f  median %6.2f  max %6.2f   %s%n", mode, what, clock, s[0],
                median(ms), s[s.length - 1],
                Arrays.toString(Arrays.stream(ms).map(v -> Math.round(v * 10) / 10.0).toArray()));
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Full batches of the embedded mnist-10k training split (pixels in [0, 1]), copied once. */
    private static List<INDArray> loadBatches(int batch) {
        List<INDArray> out = new ArrayList<>();
        VaeDataSetIterator it = Datasets.load(DataSpec.parse("mnist-10k"), DataOptions.defaults().withSeed(1))
                .split(Split.TRAIN).iterator(batch, 1);
        while (it.hasNext()) {
            INDArray x = it.next().getFeatures();
            if (x.rows() == batch) {
                out.add(x.dup('c'));
            }
        }
        return out;
    }

    private static int intArg(String[] args, String name, int def) {
        String v = strArg(args, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    private static String strArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
