package org.vae4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.EvaluationOptions;
import org.vae4j.core.EvaluationResult;
import org.vae4j.core.Vae;
import org.vae4j.core.VaeModel;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.datasets.DataOptions;
import org.vae4j.datasets.DataSpec;
import org.vae4j.datasets.Datasets;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.Split;
import org.vae4j.datasets.VaeDataSetIterator;

/**
 * Test-time throughput through vae4j's public API, the counterpart of pytorch_vae.py's
 * {@code inference} and {@code iw} figures: trains the canonical model (784-H-J, ReLU, Bernoulli,
 * Adam 1e-3, float) for --epochs on the training set, then on the test set
 * <ul>
 *   <li>inference: {@code sampleLatent(x)} (encode + reparameterize) and {@code decode(z)}
 *       (the Bernoulli means, i.e. sigmoid of the logits) batch by batch, --repeats timed passes
 *       after one untimed warm-up pass (pytorch_vae.py's measurement makes the same one);</li>
 *   <li>evaluation: {@code evaluate(test, importanceWeighted(K))}, the IW estimate of log p(x)
 *       (plus the ELBO), timed as a whole.</li>
 * </ul>
 * Writes JSON (--json): examples/s of each inference pass, IW seconds, samples/s and log p(x),
 * peak resident memory. Options: --data DIR (IDX, MNIST layout), --epochs 1, --batch-size 128,
 * --hidden 400, --latent 20, --iw 1000, --repeats 3, --limit-test N, --seed 1.
 */
public final class InferenceBench {
    public static void main(String[] args) throws IOException {
        String data = strArg(args, "--data", null);
        int epochs = intArg(args, "--epochs", 1);
        int batch = intArg(args, "--batch-size", 128);
        int latent = intArg(args, "--latent", 20);
        int iw = intArg(args, "--iw", 1000);
        int repeats = intArg(args, "--repeats", 3);
        int limitTest = intArg(args, "--limit-test", 0);
        long seed = intArg(args, "--seed", 1);
        Integer[] hidden = Arrays.stream(strArg(args, "--hidden", "400").split(",")).map(String::trim)
                .map(Integer::valueOf).toArray(Integer[]::new);
        String json = strArg(args, "--json", null);
        if (data == null) {
            throw new IllegalArgumentException("--data DIR (an MNIST-layout IDX directory) is required");
        }
        LoadedDataset ds = Datasets.load(DataSpec.parse("idx:" + data), DataOptions.defaults().withValidationFraction(0));
        ModelConfig mc = ModelConfig.builder(ds.inputDim()).hidden(hidden).latentDim(latent).build();
        TrainingConfig tc = TrainingConfig.builder().epochs(epochs).batchSize(batch).seed(seed).build();
        List<INDArray> test = new ArrayList<>();
        VaeDataSetIterator ti = ds.split(Split.TEST).orderedIterator(batch);
        int nTest = 0;
        while (ti.hasNext() && (limitTest == 0 || nTest < limitTest)) {
            INDArray x = ti.next().getFeatures();
            test.add(x);
            nTest += (int) x.rows();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("implementation", "vae4j");
        out.put("config", Map.of("hidden", Arrays.asList(hidden), "latent", latent, "batch_size", batch,
                "epochs", epochs, "iw_k", iw, "test_examples", nTest));
        out.put("environment", Map.of("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")),
                "OMP_WAIT_POLICY", String.valueOf(System.getenv("OMP_WAIT_POLICY")),
                "OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")),
                "java", System.getProperty("java.version")));
        try (VaeModel model = Vae.create(mc, tc)) {
            long t0 = System.nanoTime();
            Vae.train(model, ds.split(Split.TRAIN).iterator(batch, seed), null);
            out.put("train_seconds", (System.nanoTime() - t0) / 1e9);

            // one untimed pass first, as pytorch_vae.py's inference_throughput makes (its rate is
            // kept as "cold_examples_per_second": the JIT compiles these calls during it)
            List<Double> rates = new ArrayList<>();
            double checksum = 0;
            double cold = Double.NaN;
            for (int r = -1; r < repeats; r++) {
                long s = System.nanoTime();
                for (int b = 0; b < test.size(); b++) {
                    INDArray z = model.sampleLatent(test.get(b), seed + b);
                    INDArray p = model.decode(z);
                    if (b == 0) {
                        checksum = p.getDouble(0);     // keeps the work observable
                    }
                }
                double rate = nTest / ((System.nanoTime() - s) / 1e9);
                if (r < 0) {
                    cold = rate;
                } else {
                    rates.add(rate);
                }
            }
            out.put("inference", Map.of("what", "sampleLatent (encode + reparameterize) + decode (sigmoid means), "
                    + "batch by batch over the test set, after one untimed pass (as pytorch_vae.py)",
                    "batch_size", batch, "examples_per_second", rates, "cold_examples_per_second", cold,
                    "checksum", checksum));

            if (iw > 0) {
                // the whole test split batch by batch, or (--limit-test, smoke runs) the batches kept above
                org.nd4j.linalg.dataset.api.iterator.DataSetIterator it = limitTest == 0
                        ? ds.split(Split.TEST).orderedIterator(batch)
                        : new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(
                                new org.nd4j.linalg.dataset.DataSet(org.nd4j.linalg.factory.Nd4j.vstack(test), null));
                long s = System.nanoTime();
                EvaluationResult er = model.evaluate(it, EvaluationOptions.importanceWeighted(iw).withSeed(seed));
                double secs = (System.nanoTime() - s) / 1e9;
                out.put("iw", Map.of("k", iw, "test_log_px", er.logLikelihood(), "test_elbo", er.elbo(),
                        "seconds", secs, "samples_per_second", er.examples() * (double) iw / secs));
            }
        }
        out.put("peak_rss_mb", peakRssMb());
        String text = toJson(out);
        if (json != null) {
            Files.writeString(Path.of(json), text + "\n");
        }
        System.out.println(text);
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Enough JSON for maps, lists, strings and numbers. */
    private static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(toJson(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(InferenceBench::toJson).toList()) + "]";
        }
        if (o instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%s", n) : "null";
        }
        return "\"" + String.valueOf(o).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
