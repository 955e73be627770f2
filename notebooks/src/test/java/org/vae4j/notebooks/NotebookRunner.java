package org.vae4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vae4j.notebooks.kernel.KernelMain;

/**
 * Runs a Jupyter notebook (nbformat 4) written for the IJava kernel: every code cell, in order,
 * through {@link KernelMain} in a forked JVM whose classpath holds only the kernel's own classes
 * (so a notebook sees exactly what its {@code %jars}, {@code %classpath} and {@code %maven} lines
 * add) and whose working directory is the notebook's folder (as Jupyter starts kernels).
 *
 * <pre>{@code
 * Execution run = new NotebookRunner().env("VAE4J_NOTEBOOK_EPOCHS", "1").run(Path.of("01-quickstart.ipynb"));
 * run.assertSucceeded();          // notebook, cell and message on failure
 * run.writeOutputs();             // saves outputs (stream text, PNG images) into the .ipynb
 * }</pre>
 */
public final class NotebookRunner {
    private final Map<String, String> env = new LinkedHashMap<>();
    private Duration timeout = Duration.ofMinutes(30);

    /** Sets an environment variable of the kernel (on top of this process's environment). */
    public NotebookRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public NotebookRunner timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /**
     * OpenBLAS and OpenMP settings that make ND4J several times faster on x86-64 (see
     * PERFORMANCE.md and notebooks/README.md): OMP_WAIT_POLICY=PASSIVE always, and OPENBLAS_CORETYPE
     * from the CPU's flags; each only where the environment does not set it already.
     */
    public NotebookRunner tunedEnvironment() {
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        }
        if (System.getenv("OPENBLAS_CORETYPE") == null) {
            String core = openBlasCoreType();
            if (core != null) {
                env.putIfAbsent("OPENBLAS_CORETYPE", core);
            }
        }
        return this;
    }

    private static String openBlasCoreType() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return null;
        }
        try {
            String flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> " " + l.substring(l.indexOf(':') + 1).trim() + " ").orElse("");
            if (List.of("avx512f", "avx512bw", "avx512vl", "avx512dq").stream().allMatch(f -> flags.contains(" " + f + " "))) {
                return "SKYLAKEX";
            }
            return flags.contains(" avx2 ") && flags.contains(" fma ") ? "HASWELL" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs every code cell of the notebook, stopping at the first that fails. */
    public Execution run(Path notebook) throws IOException, InterruptedException {
        Path nb = notebook.toAbsolutePath().normalize();
        ObjectNode doc = Ipynb.read(nb);
        ArrayNode cells = Ipynb.cells(doc, nb);
        Path tmp = Files.createTempDirectory("notebook-run");
        Path request = tmp.resolve("request.txt");
        Path results = tmp.resolve("results.txt");
        Path kernelLog = tmp.resolve("kernel.log");
        StringBuilder req = new StringBuilder();
        Map<Integer, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            if ("code".equals(cell.path("cell_type").asText())) {
                String src = Ipynb.text(cell.get("source"));
                sources.put(i, src);
                req.append(i).append(' ')
                        .append(Base64.getEncoder().encodeToString(src.getBytes(StandardCharsets.UTF_8))).append('\n');
            }
        }
        Files.writeString(request, req, StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", kernelClasspath(),
                "-Djava.awt.headless=true"));
        String mavenHome = System.getProperty("maven.home", "");
        if (!mavenHome.isBlank()) {
            cmd.add("-Dmaven.home=" + mavenHome);
        }
        cmd.addAll(List.of(KernelMain.class.getName(), request.toString(), results.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(nb.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(kernelLog.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<CellRun> runs = Files.exists(results) ? ResultParser.parse(Files.readAllLines(results)) : List.of();
        String log = Files.exists(kernelLog) ? Files.readString(kernelLog, StandardCharsets.ISO_8859_1) : "";
        deleteAll(tmp);
        return new Execution(nb, doc, sources, runs, done ? p.exitValue() : -1, !done, log, seconds, timeout);
    }

    static void deleteAll(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String kernelClasspath() {
        try {
            return Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel classes", e);
        }
    }

    /** One output of a cell, in nbformat's terms. */
    public record Output(String outputType, String name, String text, Map<String, byte[]> data) {
        /** The text/plain part of display data, or the stream text. */
        public String plainText() {
            if (text != null) {
                return text;
            }
            byte[] t = data.get("text/plain");
            return t == null ? "" : new String(t, StandardCharsets.UTF_8);
        }
    }

    /** What one code cell did. */
    public record CellRun(int index, List<Output> outputs, String error, boolean ended, long millis) {
    }

    /** The outcome of running a notebook. */
    public static final class Execution {
        private final Path notebook;
        private final ObjectNode doc;
        private final Map<Integer, String> sources;
        private final List<CellRun> runs;
        private final int exitCode;
        private final boolean timedOut;
        private final String kernelLog;
        private final double seconds;
        private final Duration timeout;

        Execution(Path notebook, ObjectNode doc, Map<Integer, String> sources, List<CellRun> runs, int exitCode,
                  boolean timedOut, String kernelLog, double seconds, Duration timeout) {
            this.notebook = notebook;
            this.doc = doc;
            this.sources = sources;
            this.runs = runs;
            this.exitCode = exitCode;
            this.timedOut = timedOut;
            this.kernelLog = kernelLog;
            this.seconds = seconds;
            this.timeout = timeout;
        }

        public List<CellRun> cells() {
            return runs;
        }

        public double seconds() {
            return seconds;
        }

        /** Null when every code cell ran through; otherwise what went wrong, where. */
        public String failure() {
            String name = notebook.getFileName().toString();
            CellRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.error() != null) {
                return name + ": cell " + last.index() + " (" + inLabel(last.index()) + ") failed: " + last.error()
                        + stderrOf(last);
            }
            if (timedOut) {
                return name + ": timed out after " + timeout.toMinutes() + " min"
                        + (last == null ? " before the first cell" : " in cell " + last.index() + " (" + inLabel(last.index()) + ")")
                        + tail(kernelLog);
            }
            boolean allRan = runs.size() == sources.size() && runs.stream().allMatch(CellRun::ended);
            if (exitCode != 0 || !allRan) {
                String where = last == null ? "before the first cell"
                        : (last.ended() ? "after cell " : "in cell ") + last.index() + " (" + inLabel(last.index()) + ")";
                return name + ": the kernel stopped " + where + " with exit code " + exitCode
                        + " (" + runs.size() + " of " + sources.size() + " code cells ran)" + tail(kernelLog);
            }
            return null;
        }

        /** Throws an AssertionError naming the notebook, the cell and the message, if a cell failed. */
        public Execution assertSucceeded() {
            String f = failure();
            if (f != null) {
                throw new AssertionError(f);
            }
            return this;
        }

        private String inLabel(int cellIndex) {
            int n = 1;
            for (int i : sources.keySet()) {
                if (i == cellIndex) {
                    return "code cell In [" + n + "]";
                }
                n++;
            }
            return "not a code cell";
        }

        private static String stderrOf(CellRun run) {
            StringBuilder b = new StringBuilder();
            for (Output o : run.outputs()) {
                if ("stderr".equals(o.name())) {
                    b.append(o.text());
                }
            }
            return b.length() == 0 ? "" : "\n--- the cell's stderr ---\n" + tailLines(b.toString(), 30);
        }

        private static String tail(String log) {
            return log.isBlank() ? "" : "\n--- kernel process output ---\n" + tailLines(log, 40);
        }

        private static String tailLines(String s, int n) {
            List<String> lines = s.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }

        /** Saves the outputs into the notebook file, as Jupyter would after "Run All". */
        public void writeOutputs() throws IOException {
            assertSucceeded();
            Ipynb.applyOutputs(doc, runs);
            Ipynb.write(doc, notebook);
        }
    }

    /** Reads the kernel's result log (see the kernel's ResultLog for the format). */
    static final class ResultParser {
        private ResultParser() {
        }

        static List<CellRun> parse(List<String> lines) {
            List<CellRun> runs = new ArrayList<>();
            Integer cell = null;
            List<Output> outputs = new ArrayList<>();
            String error = null;
            for (String line : lines) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case "BEGIN" -> {
                        cell = Integer.parseInt(f[1]);
                        outputs = new ArrayList<>();
                        error = null;
                    }
                    case "STREAM" -> outputs.add(new Output("stream", f[1], utf8(f[2]), null));
                    case "DISPLAY" -> outputs.add(new Output("display_data", null, null, bundle(f[1])));
                    case "RESULT" -> outputs.add(new Output("execute_result", null, null, bundle(f[1])));
                    case "ERROR" -> error = utf8(f[1]);
                    case "END" -> {
                        runs.add(new CellRun(Integer.parseInt(f[1]), List.copyOf(outputs), error, true, Long.parseLong(f[2])));
                        cell = null;
                    }
                    case "FINISHED" -> {
                        // nothing more
                    }
                    default -> throw new IllegalStateException("unexpected line in the kernel's result log: " + line);
                }
            }
            if (cell != null) {
                runs.add(new CellRun(cell, List.copyOf(outputs), error, false, -1));
            }
            return runs;
        }

        private static String utf8(String b64) {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        }

        private static Map<String, byte[]> bundle(String s) {
            Map<String, byte[]> data = new LinkedHashMap<>();
            for (String part : s.split(",")) {
                int colon = part.indexOf(':');
                data.put(part.substring(0, colon), Base64.getDecoder().decode(part.substring(colon + 1)));
            }
            return data;
        }
    }

    /**
     * {@code NotebookRunner [--write] [--quick] [--env NAME=VALUE]... notebook.ipynb...}: runs notebooks
     * (with the tuned OpenBLAS/OpenMP environment); {@code --quick} sets VAE4J_NOTEBOOK_EPOCHS=1 as the
     * tests do, {@code --write} saves the outputs into the notebooks. Exit code 1 if one failed.
     */
    public static void main(String[] args) throws Exception {
        NotebookRunner runner = new NotebookRunner().tunedEnvironment();
        boolean write = false;
        List<Path> notebooks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write" -> write = true;
                case "--quick" -> runner.env("VAE4J_NOTEBOOK_EPOCHS", "1");
                case "--env" -> {
                    String[] kv = args[++i].split("=", 2);
                    runner.env(kv[0], kv[1]);
                }
                default -> notebooks.add(Path.of(args[i]));
            }
        }
        int failed = 0;
        for (Path nb : notebooks) {
            Execution e = runner.run(nb);
            String f = e.failure();
            System.out.printf("%s: %s in %.1f s%n", nb, f == null ? "ok" : "FAILED", e.seconds());
            for (CellRun c : e.cells()) {
                System.out.printf("  cell %d: %d ms%n", c.index(), c.millis());
            }
            if (f != null) {
                System.out.println(f);
                failed++;
            } else if (write) {
                e.writeOutputs();
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
