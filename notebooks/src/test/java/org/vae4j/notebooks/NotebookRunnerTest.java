package org.vae4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's kernel behaves as IJava's does, on small notebooks that need no jar. */
class NotebookRunnerTest {

    private static NotebookRunner.Execution run(Path dir, String... cells) throws Exception {
        return new NotebookRunner().run(TestNotebooks.write(dir, "t.ipynb", cells));
    }

    @Test
    void outputsAreStreamsDisplaysAndTheLastExpressionAsIJavaShowsThem(@TempDir Path tmp) throws Exception {
        NotebookRunner.Execution run = run(tmp,
                "System.out.println(\"before\");\n"
                        + "display(new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB));\n"
                        + "System.err.println(\"warning\");\n"
                        + "1 + 1",
                "int declared = 3;",
                "printf(\"%d%n\", declared);",
                "List<Integer> sorted = new ArrayList<>(List.of(3, 1, 2));\nCollections.sort(sorted);\nsorted");

        run.assertSucceeded();
        List<NotebookRunner.Output> first = run.cells().get(0).outputs();
        assertEquals(List.of("stream", "display_data", "stream", "execute_result"),
                first.stream().map(NotebookRunner.Output::outputType).toList());
        assertEquals("before\n", first.get(0).text());
        byte[] png = first.get(1).data().get("image/png");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals("stderr", first.get(2).name());
        assertEquals("2", first.get(3).plainText());
        assertEquals(List.of(), run.cells().get(1).outputs(), "a declaration shows nothing");
        assertEquals("3\n", run.cells().get(2).outputs().get(0).text(), "IJava's printf returns nothing to show");
        assertEquals("[1, 2, 3]", run.cells().get(3).outputs().get(0).plainText());
    }

    @Test
    void theDefaultImportsAreIJavasWhichLeaveOutStreams(@TempDir Path tmp) throws Exception {
        NotebookRunner.Execution run = run(tmp,
                "Map<String, BigInteger> m = new TreeMap<>(); Pattern p = Pattern.compile(\"x\"); File f = new File(\".\");",
                "Stream.of(1, 2)");

        String failure = run.failure();
        assertNotNull(failure);
        assertTrue(failure.startsWith("t.ipynb: cell 1 (code cell In [2]) failed: compile error"), failure);
        assertTrue(failure.contains("cannot find symbol"), failure);
    }

    @Test
    void anExceptionFailsTheCellWithItsStackTrace(@TempDir Path tmp) throws Exception {
        NotebookRunner.Execution run = run(tmp,
                "int half(int n) { if (n % 2 != 0) throw new IllegalArgumentException(\"odd: \" + n); return n / 2; }",
                "half(4)",
                "half(5)",
                "half(6)");

        String failure = run.failure();
        assertNotNull(failure);
        assertTrue(failure.startsWith("t.ipynb: cell 2 (code cell In [3]) failed: exception in"), failure);
        assertTrue(failure.contains("java.lang.IllegalArgumentException: odd: 5"), failure);
        assertTrue(failure.contains("at REPL."), failure);
        assertEquals("2", run.cells().get(1).outputs().get(0).plainText());
        assertEquals(3, run.cells().size());
    }

    @Test
    void sourceLeftIncompleteAtTheEndOfACellFails(@TempDir Path tmp) throws Exception {
        String failure = run(tmp, "int ok = 1;", "void f() {\n    int x = 1;").failure();

        assertNotNull(failure);
        assertTrue(failure.startsWith("t.ipynb: cell 1 (code cell In [2]) failed: incomplete input"), failure);
        assertTrue(failure.contains("void f() {"), failure);
    }

    @Test
    void classpathMagicResolvesAgainstTheNotebooksFolderAndTheKernelStartsClean(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src/demo/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Hello { public static String greet() { return \"hello\"; } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", tmp.resolve("classes").toString(), src.toString()));

        NotebookRunner.Execution with = run(tmp, "%classpath classes", "demo.Hello.greet()");
        with.assertSucceeded();
        assertEquals("hello", with.cells().get(1).outputs().get(0).plainText());
        assertEquals(List.of(), with.cells().get(0).outputs(), "a magic shows nothing");

        String without = run(tmp, "demo.Hello.greet()").failure();
        assertNotNull(without);
        assertTrue(without.contains("package demo does not exist"), without);
    }

    @Test
    void jarsMagicThatMatchesNothingFailsTheCell(@TempDir Path tmp) throws Exception {
        String failure = run(tmp, "%jars ../nowhere/*-all.jar").failure();

        assertNotNull(failure);
        assertTrue(failure.startsWith("t.ipynb: cell 0 (code cell In [1]) failed"), failure);
        assertTrue(failure.contains("%jars ../nowhere/*-all.jar: no file matches"), failure);
    }

    @Test
    void mavenMagicResolvesThroughMaven(@TempDir Path tmp) throws Exception {
        NotebookRunner.Execution run = run(tmp,
                "%maven com.fasterxml.jackson.core:jackson-annotations:2.17.2",
                "com.fasterxml.jackson.annotation.JsonProperty.class.getSimpleName()");

        run.assertSucceeded();
        assertEquals("JsonProperty", run.cells().get(1).outputs().get(0).plainText());
    }

    @Test
    void writingOutputsKeepsTheSourcesAndJupytersLayout(@TempDir Path tmp) throws Exception {
        Path nb = TestNotebooks.write(tmp, "w.ipynb", "md:# Title", "System.out.println(\"a\");\nSystem.out.println(\"b\");",
                "%classpath .", "\"x\" + 1");

        new NotebookRunner().run(nb).writeOutputs();

        String text = Files.readString(nb, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"), text);
        assertTrue(text.endsWith("}\n"), text);
        JsonNode cells = Ipynb.read(nb).get("cells");
        assertEquals("# Title", Ipynb.text(cells.get(0).get("source")));
        JsonNode printed = cells.get(1);
        assertEquals(1, printed.get("execution_count").asInt());
        assertEquals("a\nb\n", Ipynb.text(printed.get("outputs").get(0).get("text")), "one merged stream output");
        assertEquals(3, cells.get(3).get("execution_count").asInt());
        JsonNode result = cells.get(3).get("outputs").get(0);
        assertEquals("execute_result", result.get("output_type").asText());
        assertEquals(3, result.get("execution_count").asInt());
        assertEquals("x1", Ipynb.text(result.get("data").get("text/plain")));
        assertNull(new NotebookRunner().run(nb).failure(), "the written notebook runs again");
    }
}
