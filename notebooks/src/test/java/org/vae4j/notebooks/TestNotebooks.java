package org.vae4j.notebooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Small notebooks written by tests: cells given as source text, markdown ones prefixed "md:". */
final class TestNotebooks {
    private TestNotebooks() {
    }

    static Path write(Path dir, String name, String... cells) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        ArrayNode list = doc.putArray("cells");
        int i = 0;
        for (String c : cells) {
            ObjectNode cell = list.addObject();
            cell.put("id", "cell-" + i++);
            cell.putObject("metadata");
            if (c.startsWith("md:")) {
                cell.put("cell_type", "markdown");
                cell.set("source", Ipynb.lines(c.substring(3)));
            } else {
                cell.put("cell_type", "code");
                cell.putNull("execution_count");
                cell.putArray("outputs");
                cell.set("source", Ipynb.lines(c));
            }
        }
        ObjectNode kernelspec = doc.putObject("metadata").putObject("kernelspec");
        kernelspec.put("display_name", "Java").put("language", "java").put("name", "java");
        doc.put("nbformat", 4).put("nbformat_minor", 5);
        Path file = dir.resolve(name);
        Ipynb.write(doc, file);
        return file;
    }
}
