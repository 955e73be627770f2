package org.vae4j.notebooks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading and writing .ipynb files (nbformat 4) the way Jupyter writes them: keys sorted, one
 * space of indentation, multi-line text as a list of lines, images as base64 PNG, so that saving
 * executed outputs gives the same file layout as saving from Jupyter.
 */
final class Ipynb {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Ipynb() {
    }

    static ObjectNode read(Path file) throws IOException {
        JsonNode doc = JSON.readTree(file.toFile());
        if (!(doc instanceof ObjectNode o) || doc.path("nbformat").asInt() != 4) {
            throw new IOException(file + ": not a Jupyter notebook in nbformat 4 (found nbformat "
                    + doc.path("nbformat") + "); save it from Jupyter 4 or later");
        }
        return o;
    }

    static ArrayNode cells(ObjectNode doc, Path file) throws IOException {
        if (!(doc.get("cells") instanceof ArrayNode cells)) {
            throw new IOException(file + ": the notebook has no \"cells\" list");
        }
        return cells;
    }

    /** nbformat's multi-line strings: a string or a list of strings to concatenate. */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            node.forEach(n -> b.append(n.asText()));
            return b.toString();
        }
        return node.asText();
    }

    /** A string as nbformat stores it: lines, each but the last ending in a newline. */
    static ArrayNode lines(String s) {
        ArrayNode a = NODES.arrayNode();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl + 1;
            a.add(s.substring(start, end));
            start = end;
        }
        return a;
    }

    /** Replaces the outputs and execution counts of the code cells with those of a run. */
    static void applyOutputs(ObjectNode doc, List<NotebookRunner.CellRun> runs) {
        ArrayNode cells = (ArrayNode) doc.get("cells");
        int count = 0;
        java.util.Map<Integer, NotebookRunner.CellRun> byIndex = new java.util.HashMap<>();
        runs.forEach(r -> byIndex.put(r.index(), r));
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode cell = (ObjectNode) cells.get(i);
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            NotebookRunner.CellRun run = byIndex.get(i);
            if (run == null) {
                continue;
            }
            count++;
            cell.put("execution_count", count);
            ArrayNode outs = cell.putArray("outputs");
            for (NotebookRunner.Output o : merged(run.outputs())) {
                ObjectNode n = outs.addObject();
                n.put("output_type", o.outputType());
                switch (o.outputType()) {
                    case "stream" -> {
                        n.put("name", o.name());
                        n.set("text", lines(o.text()));
                    }
                    case "execute_result", "display_data" -> {
                        ObjectNode data = n.putObject("data");
                        for (Map.Entry<String, byte[]> e : o.data().entrySet()) {
                            if (e.getKey().startsWith("image/")) {
                                data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
                            } else {
                                data.set(e.getKey(), lines(new String(e.getValue(), StandardCharsets.UTF_8)));
                            }
                        }
                        n.putObject("metadata");
                        if (o.outputType().equals("execute_result")) {
                            n.put("execution_count", count);
                        }
                    }
                    default -> throw new IllegalStateException("unknown output type " + o.outputType());
                }
            }
        }
        ObjectNode info = doc.withObjectProperty("metadata").withObjectProperty("language_info");
        info.put("version", Runtime.version().toString());
    }

    /** Consecutive stream outputs of the same stream become one, as Jupyter shows them. */
    private static List<NotebookRunner.Output> merged(List<NotebookRunner.Output> outputs) {
        List<NotebookRunner.Output> out = new ArrayList<>();
        for (NotebookRunner.Output o : outputs) {
            if (!out.isEmpty() && o.outputType().equals("stream")) {
                NotebookRunner.Output prev = out.get(out.size() - 1);
                if (prev.outputType().equals("stream") && prev.name().equals(o.name())) {
                    out.set(out.size() - 1, new NotebookRunner.Output("stream", o.name(), prev.text() + o.text(), null));
                    continue;
                }
            }
            out.add(o);
        }
        return out;
    }

    /** Writes with Jupyter's layout (sorted keys, indent 1, "key": value, trailing newline), atomically. */
    static void write(ObjectNode doc, Path file) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
        pp.indentObjectsWith(indenter);
        pp.indentArraysWith(indenter);
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.setPrettyPrinter(pp);
            JSON.writeTree(g, sorted(doc));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, w + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode o) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            o.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode s = NODES.objectNode();
            fields.forEach(s::set);
            return s;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode s = NODES.arrayNode();
            a.forEach(n -> s.add(sorted(n)));
            return s;
        }
        return node;
    }
}
