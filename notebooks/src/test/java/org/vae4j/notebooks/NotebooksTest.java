package org.vae4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every notebook top to bottom, as IJava would, in a kernel that sees only what the
 * notebook's magics load. With {@code VAE4J_NOTEBOOK_EPOCHS=1} and {@code VAE4J_NOTEBOOK_SAMPLES=5}
 * the notebooks train and sample briefly. {@code -Dnotebooks.write=true} runs them in full instead
 * (the environment passes through, e.g. VAE4J_DATA for Fashion-MNIST) and saves the outputs into the
 * .ipynb files; {@code -Dnotebooks.select=02,04} picks notebooks by name prefix.
 */
class NotebooksTest {
    static final Path DIR = Path.of(System.getProperty("notebooks.dir", ".")).toAbsolutePath().normalize();
    static final boolean WRITE = Boolean.getBoolean("notebooks.write");
    private static final String SELECT = System.getProperty("notebooks.select", "");
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("notebooks.timeoutMinutes", 30));
    private static final List<String> EXPECTED = List.of("01-quickstart.ipynb", "02-reparameterization.ipynb",
            "03-latent-space.ipynb", "04-anomaly-detection.ipynb", "05-gaussian-decoder.ipynb");

    static Stream<String> notebooks() throws IOException {
        List<String> prefixes = Arrays.stream(SELECT.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return allNotebooks().stream().filter(n -> prefixes.isEmpty() || prefixes.stream().anyMatch(n::startsWith));
    }

    private static List<String> allNotebooks() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
        }
    }

    /** A runner as the tests use it: tuned BLAS, and (unless writing) only the always-present datasets. */
    static NotebookRunner runner() {
        NotebookRunner r = new NotebookRunner().tunedEnvironment().timeout(TIMEOUT);
        if (!WRITE) {
            r.env("VAE4J_NOTEBOOK_EPOCHS", "1").env("VAE4J_NOTEBOOK_SAMPLES", "5")
                    .env("VAE4J_DATA", "").env("MNIST_DIR", "").env("FASHION_MNIST_DIR", "");
        }
        return r;
    }

    static void requireShadedJar() throws IOException {
        Path target = DIR.resolveSibling("vae-cli").resolve("target");
        boolean found = Files.isDirectory(target) && Files.list(target)
                .anyMatch(p -> p.getFileName().toString().matches("vae-cli-.*-all\\.jar"));
        assertTrue(found, "the notebooks %jars vae-cli's runnable jar, but " + target
                + " has no vae-cli-*-all.jar; build it first: mvn -B -DskipTests package (from the repository root)");
    }

    @Test
    void theFiveNotebooksAreHere() throws IOException {
        assertEquals(EXPECTED, allNotebooks(), "notebooks in " + DIR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void runsTopToBottom(String name) throws Exception {
        requireShadedJar();
        NotebookRunner.Execution run = runner().run(DIR.resolve(name));
        run.assertSucceeded();
        System.out.printf("%s ran in %.1f s; cells over 2 s: %s%n", name, run.seconds(), run.cells().stream()
                .filter(c -> c.millis() > 2000).map(c -> c.index() + " (" + c.millis() / 100 / 10.0 + " s)").toList());
        boolean images = run.cells().stream().flatMap(c -> c.outputs().stream())
                .anyMatch(o -> o.data() != null && o.data().containsKey("image/png"));
        assertTrue(images, name + " showed no image");
        if (WRITE) {
            run.writeOutputs();
        }
    }

    @Test
    void notebooksAreSavedWithTheOutputsOfARunForIJava() throws IOException {
        assumeFalse(WRITE, "the outputs are being written");
        for (String name : EXPECTED) {
            ObjectNode doc = Ipynb.read(DIR.resolve(name));
            JsonNode spec = doc.path("metadata").path("kernelspec");
            assertEquals("java", spec.path("name").asText(), name + ": kernelspec.name (IJava installs as 'java')");
            assertEquals("java", spec.path("language").asText(), name + ": kernelspec.language");
            int expected = 1;
            int images = 0;
            for (JsonNode cell : (ArrayNode) doc.get("cells")) {
                if (!cell.path("cell_type").asText().equals("code")) {
                    continue;
                }
                assertEquals(expected++, cell.path("execution_count").asInt(-1),
                        name + ": code cells must be saved from one run, in order (cell " + cell.path("id") + ")");
                for (JsonNode o : cell.path("outputs")) {
                    assertTrue(!o.path("output_type").asText().equals("error"), name + " was saved with an error output");
                    images += o.path("data").has("image/png") ? 1 : 0;
                }
            }
            assertTrue(images > 0, name + " was saved without its images; run mvn -pl notebooks test -Dnotebooks.write=true");
        }
    }

    @Test
    void aNotebookWithoutItsJarsLineFailsOnTheCleanClasspath(@TempDir Path tmp) throws Exception {
        ObjectNode doc = Ipynb.read(DIR.resolve("01-quickstart.ipynb"));
        List<String> dropped = new ArrayList<>();
        for (JsonNode cell : (ArrayNode) doc.get("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                String src = Ipynb.text(cell.get("source"));
                String kept = src.lines().filter(l -> {
                    boolean jars = l.strip().startsWith("%jars");
                    if (jars) {
                        dropped.add(l);
                    }
                    return !jars;
                }).collect(Collectors.joining("\n"));
                ((ObjectNode) cell).set("source", Ipynb.lines(kept));
            }
        }
        assertEquals(1, dropped.size(), "the quickstart has one %jars line");
        Path copy = tmp.resolve("no-jars.ipynb");
        Ipynb.write(doc, copy);

        String failure = runner().run(copy).failure();

        assertNotNull(failure, "without %jars the notebook must not find vae4j");
        assertTrue(failure.startsWith("no-jars.ipynb: cell "), failure);
        assertTrue(failure.contains("compile error"), failure);
        assertTrue(failure.contains("package org.vae4j.core does not exist"), failure);
    }

    @Test
    void aCompileErrorNamesTheNotebookTheCellAndTheMessage(@TempDir Path tmp) throws Exception {
        Path nb = TestNotebooks.write(tmp, "broken.ipynb",
                "md:# A notebook with a mistake",
                "int answer = 42;",
                "md:The next cell does not compile.",
                "String s = answer.toUpperCase();",
                "System.out.println(\"never reached\");");

        NotebookRunner.Execution run = runner().run(nb);

        String failure = run.failure();
        assertNotNull(failure);
        assertTrue(failure.startsWith("broken.ipynb: cell 3 (code cell In [2]) failed: compile error"), failure);
        assertTrue(failure.contains("String s = answer.toUpperCase();"), failure);
        assertTrue(failure.contains("int cannot be dereferenced"), failure);
        assertEquals(2, run.cells().size(), "the run stops at the failing cell");
    }
}
