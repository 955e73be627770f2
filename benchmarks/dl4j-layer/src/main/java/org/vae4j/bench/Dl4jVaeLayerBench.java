package org.vae4j.bench;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Trains Deeplearning4j's built-in {@link VariationalAutoencoder} layer (unsupervised layer-wise
 * pretraining, {@code MultiLayerNetwork.pretrainLayer}) with the canonical architecture of
 * PyTorch's VAE example: encoder 784-400 (ReLU), 20 latent units (identity p(z|x) head),
 * decoder 20-400 (ReLU), Bernoulli reconstruction distribution with sigmoid, Adam 1e-3, batch
 * 128, float32, shuffled every epoch, on the 60,000 MNIST training images (pixels / 255, not
 * binarized). Reports per epoch: seconds, examples/s, mean training score (DL4J's VAE score
 * is the negative ELBO per example, nats), peak RSS (VmHWM); optionally the test-set -ELBO.
 *
 * <pre>
 * --epochs N        (1)      --data DIR   (/work/shared/datasets/mnist)
 * --json OUT        (none)   --threads N  (2; BLAS threads via Nd4j.factory().blas().setMaxThreads)
 * --batch-size N    (128)    --seed N     (1)
 * --limit-train N   (0=all)  --test-eval  (also compute test -ELBO after each epoch, untimed)
 * --quiet           (no progress on stderr)
 * </pre>
 *
 * Set OMP_NUM_THREADS (ND4J's own threads) and OPENBLAS_CORETYPE / OMP_WAIT_POLICY in the
 * environment; run.sh does.
 */
public final class Dl4jVaeLayerBench {

    private Dl4jVaeLayerBench() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = 1;
        String data = "/work/shared/datasets/mnist";
        String json = null;
        int threads = 2;
        int batchSize = 128;
        long seed = 1;
        int limitTrain = 0;
        boolean testEval = false;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--epochs": epochs = Integer.parseInt(args[++i]); break;
                case "--data": data = args[++i]; break;
                case "--json": json = args[++i]; break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--batch-size": batchSize = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--limit-train": limitTrain = Integer.parseInt(args[++i]); break;
                case "--test-eval": testEval = true; break;
                case "--quiet": quiet = true; break;
                case "-h":
                case "--help":
                    System.err.println("usage: Dl4jVaeLayerBench [--epochs N] [--data DIR] [--json OUT] [--threads N]"
                            + " [--batch-size N] [--seed N] [--limit-train N] [--test-eval] [--quiet]");
                    return;
                default:
                    System.err.println("unknown argument: " + a);
                    System.exit(2);
            }
        }
        final PrintStream err = System.err;
        final boolean q = quiet;

        // ---- ND4J setup
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getRandom().setSeed(seed);

        // ---- data
        long tLoad = System.nanoTime();
        File dir = new File(data);
        float[] trainPixels = readIdxImages(findFile(dir, "train-images-idx3-ubyte"));
        int d = 784;
        int nTrain = trainPixels.length / d;
        if (limitTrain > 0 && limitTrain < nTrain) {
            trainPixels = Arrays.copyOf(trainPixels, limitTrain * d);
            nTrain = limitTrain;
        }
        INDArray trainX = Nd4j.create(trainPixels, new long[]{nTrain, d}, DataType.FLOAT);
        trainPixels = null;
        INDArray testX = null;
        if (testEval) {
            float[] testPixels = readIdxImages(findFile(dir, "t10k-images-idx3-ubyte"));
            testX = Nd4j.create(testPixels, new long[]{testPixels.length / d, d}, DataType.FLOAT);
        }
        double loadSeconds = (System.nanoTime() - tLoad) / 1e9;

        // ---- model
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new VariationalAutoencoder.Builder()
                        .nIn(d).nOut(20)
                        .encoderLayerSizes(400)
                        .decoderLayerSizes(400)
                        .activation(Activation.RELU)
                        .pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .numSamples(1)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ScoreListener scores = new ScoreListener();
        net.setListeners(scores);

        ShuffledIterator iter = new ShuffledIterator(trainX, batchSize, new Random(seed));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "dl4j-vae-layer");
        result.put("description", "DL4J built-in VariationalAutoencoder layer, MultiLayerNetwork.pretrainLayer, "
                + "784-400-20-400-784 ReLU, Bernoulli(sigmoid), Adam 1e-3, MNIST pixels/255");
        result.put("started", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("data", dir.getAbsolutePath());
        cfg.put("n_train", nTrain);
        cfg.put("encoder", List.of(400));
        cfg.put("latent", 20);
        cfg.put("decoder", List.of(400));
        cfg.put("activation", "relu");
        cfg.put("reconstruction", "BernoulliReconstructionDistribution(sigmoid)");
        cfg.put("weight_init", "XAVIER");
        cfg.put("optimizer", "Adam");
        cfg.put("lr", 1e-3);
        cfg.put("batch_size", batchSize);
        cfg.put("shuffle", true);
        cfg.put("epochs", epochs);
        cfg.put("seed", seed);
        cfg.put("threads", threads);
        cfg.put("dtype", "float32");
        cfg.put("parameters", net.numParams());
        result.put("config", cfg);
        result.put("environment", environment());
        result.put("loadavg_start", loadAvg());
        result.put("data_load_seconds", loadSeconds);
        result.put("units", "nats per example; seconds; examples/second; MiB");
        List<Object> epochRecords = new ArrayList<>();
        result.put("epochs", epochRecords);

        List<Double> secs = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            iter.reset(); // reshuffles
            scores.begin();
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            net.pretrainLayer(0, iter);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            secs.add(s);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("epoch", epoch);
            rec.put("train_seconds", s);
            rec.put("examples_per_second", nTrain / s);
            rec.put("ms_per_step", 1000.0 * s / scores.steps);
            rec.put("train_cpu_seconds", cpu);
            rec.put("steps", scores.steps);
            rec.put("train_score_mean", scores.mean());
            rec.put("last_minibatch_score", scores.last);
            if (testEval) {
                long t1 = System.nanoTime();
                rec.put("test_loss", testElbo(net, testX, 1000));
                rec.put("test_eval_seconds", (System.nanoTime() - t1) / 1e9);
            }
            rec.put("peak_rss_mb", peakRssMb());
            epochRecords.add(rec);
            if (!q) {
                err.printf("epoch %d/%d  %.2f s  %.0f ex/s  score %.4f%s%n", epoch, epochs, s, nTrain / s,
                        scores.mean(), testEval ? String.format("  test %.4f", (Double) rec.get("test_loss")) : "");
            }
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        if (!secs.isEmpty()) {
            double[] sorted = secs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
            summary.put("train_seconds_total", secs.stream().mapToDouble(Double::doubleValue).sum());
            summary.put("train_seconds_per_epoch_min", sorted[0]);
            summary.put("train_seconds_per_epoch_median", median);
            summary.put("examples_per_second_median", nTrain / median);
            // the layer's score of the last training minibatch (--test-eval overwrites layer.score())
            summary.put("final_score", scores.last);
            summary.put("final_epoch_score_mean", scores.mean());
        }
        summary.put("peak_rss_mb", peakRssMb());
        result.put("summary", summary);
        result.put("loadavg_end", loadAvg());
        result.put("finished", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());

        if (json != null) {
            Path out = Path.of(json).toAbsolutePath();
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(result) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (!q) {
            err.printf("final score %.4f (last minibatch), peak RSS %.0f MiB%n", scores.last, peakRssMb());
        }
        System.exit(0); // ND4J leaves non-daemon threads behind
    }

    /** Test -ELBO per example (one eps per image), via the layer's own score; untimed, not training. */
    private static double testElbo(MultiLayerNetwork net, INDArray testX, int batch) {
        org.deeplearning4j.nn.layers.variational.VariationalAutoencoder layer =
                (org.deeplearning4j.nn.layers.variational.VariationalAutoencoder) net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        long n = testX.rows();
        double sum = 0;
        for (long i = 0; i < n; i += batch) {
            long end = Math.min(n, i + batch);
            INDArray x = testX.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, end),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            layer.setInput(x, mgr);
            layer.computeGradientAndScore(mgr);
            sum += layer.score() * (end - i);
        }
        layer.clear();
        return sum / n;
    }

    /** Mean per-example score over the epoch's minibatches (weighted by minibatch size). */
    private static final class ScoreListener extends BaseTrainingListener {
        double weighted;
        long examples;
        int steps;
        double last = Double.NaN;

        void begin() {
            weighted = 0;
            examples = 0;
            steps = 0;
        }

        double mean() {
            return examples == 0 ? Double.NaN : weighted / examples;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            double s = model.score();
            int b = model.batchSize();
            weighted += s * b;
            examples += b;
            steps++;
            last = s;
        }
    }

    /** In-memory minibatch iterator; reset() reshuffles (one permutation per epoch). */
    private static final class ShuffledIterator implements DataSetIterator {
        private final INDArray x;
        private final int batch;
        private final Random rng;
        private final int[] order;
        private int cursor;

        ShuffledIterator(INDArray x, int batch, Random rng) {
            this.x = x;
            this.batch = batch;
            this.rng = rng;
            this.order = new int[(int) x.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle();
        }

        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cursor = 0;
        }

        @Override
        public DataSet next(int num) {
            int end = Math.min(order.length, cursor + num);
            int[] idx = Arrays.copyOfRange(order, cursor, end);
            cursor = end;
            INDArray f = Nd4j.pullRows(x, 1, idx);
            return new DataSet(f, f);
        }

        @Override
        public DataSet next() {
            return next(batch);
        }

        @Override
        public boolean hasNext() {
            return cursor < order.length;
        }

        @Override
        public int inputColumns() {
            return (int) x.columns();
        }

        @Override
        public int totalOutcomes() {
            return (int) x.columns();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            shuffle();
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }

    // ------------------------------------------------------------------ helpers

    static File findFile(File dir, String stem) throws IOException {
        for (String name : new String[]{stem + ".gz", stem}) {
            File f = new File(dir, name);
            if (f.isFile()) {
                return f;
            }
        }
        throw new IOException("no " + stem + "(.gz) in " + dir);
    }

    /** IDX3 unsigned-byte images (gzip'ed or not) as a flat float array of pixels / 255. */
    static float[] readIdxImages(File f) throws IOException {
        try (InputStream raw = new BufferedInputStream(new FileInputStream(f), 1 << 16);
             DataInputStream in = new DataInputStream(f.getName().endsWith(".gz")
                     ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(f + ": not an IDX3 image file (magic " + magic + ")");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] bytes = new byte[n * rows * cols];
            in.readFully(bytes);
            float[] out = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = (bytes[i] & 0xff) / 255f;
            }
            return out;
        }
    }

    /** Peak resident set size (VmHWM of /proc/self/status) in MiB, or NaN if unavailable. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** User + system CPU time of the whole process (all threads, native ones included), seconds. */
    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** The three load averages of /proc/loadavg (other users of a shared machine), or null. */
    static List<Double> loadAvg() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version"));
        env.put("jvm", System.getProperty("java.vm.name"));
        env.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        env.put("dl4j", "1.0.0-M2.1");
        env.put("nd4j_backend", Nd4j.getBackend().getClass().getName());
        env.put("blas_vendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        env.put("blas_max_threads", Nd4j.factory().blas().getMaxThreads());
        env.put("nd4j_max_threads", Nd4j.getEnvironment().maxThreads());
        env.put("nd4j_max_master_threads", Nd4j.getEnvironment().maxMasterThreads());
        env.put("profiling_mode", String.valueOf(Nd4j.getExecutioner().getProfilingMode()));
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, Object> info = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            info.put(k, String.valueOf(p.get(k)));
        }
        env.put("nd4j_environment", info);
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String k : new String[]{"OPENBLAS_CORETYPE", "OMP_WAIT_POLICY", "OMP_NUM_THREADS",
                "OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT", "MKL_NUM_THREADS"}) {
            vars.put(k, System.getenv(k));
        }
        env.put("env", vars);
        env.put("cpu", cpuModel());
        env.put("cpu_count", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // ignore
        }
        return System.getProperty("os.arch");
    }

    /** Minimal JSON writer for maps, lists, strings, numbers, booleans and null. */
    static final class Json {
        private Json() {
        }

        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(sb, o, 0);
            return sb.toString();
        }

        private static void indent(StringBuilder sb, int n) {
            sb.append('\n');
            for (int i = 0; i < n; i++) {
                sb.append("  ");
            }
        }

        private static void write(StringBuilder sb, Object o, int depth) {
            if (o == null) {
                sb.append("null");
            } else if (o instanceof Map) {
                Map<?, ?> m = (Map<?, ?>) o;
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    indent(sb, depth + 1);
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), depth + 1);
                }
                indent(sb, depth);
                sb.append('}');
            } else if (o instanceof Iterable) {
                sb.append('[');
                boolean first = true;
                boolean scalars = true;
                for (Object v : (Iterable<?>) o) {
                    scalars &= !(v instanceof Map || v instanceof Iterable);
                }
                for (Object v : (Iterable<?>) o) {
                    if (!first) {
                        sb.append(scalars ? ", " : ",");
                    }
                    first = false;
                    if (!scalars) {
                        indent(sb, depth + 1);
                    }
                    write(sb, v, depth + 1);
                }
                if (!scalars && !first) {
                    indent(sb, depth);
                }
                sb.append(']');
            } else if (o instanceof Double || o instanceof Float) {
                double v = ((Number) o).doubleValue();
                sb.append(Double.isFinite(v) ? Double.toString(v) : "null");
            } else if (o instanceof Number || o instanceof Boolean) {
                sb.append(o);
            } else {
                string(sb, o.toString());
            }
        }

        private static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\t': sb.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                }
            }
            sb.append('"');
        }
    }
}
