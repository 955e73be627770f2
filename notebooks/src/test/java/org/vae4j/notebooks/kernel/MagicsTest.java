package org.vae4j.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {

    @Test
    void lineMagicsBecomeCallsInPlaceAndOtherLinesStay() {
        String cell = "int a = 1;\n  %jars ../x/*.jar \"with space.jar\"\nString s = \"%not a magic\";\n%maven g:a:1";

        assertEquals("int a = 1;\n"
                        + "  lineMagic(\"jars\", List.of(\"../x/*.jar\", \"with space.jar\"));{};\n"
                        + "String s = \"%not a magic\";\n"
                        + "lineMagic(\"maven\", List.of(\"g:a:1\"));{};",
                Magics.transform(cell));
    }

    @Test
    void cellMagicsAreRefusedWithTheMagicsThatWork() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Magics.transform("%%loadFromPOM\n<dependency/>"));
        assertEquals("cell magic %%loadFromPOM is not supported by the notebook runner (it knows the line magics"
                + " %jars, %classpath and %maven)", e.getMessage());
    }

    @Test
    void argumentsSplitAtBlanksWithQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d\"e", ""), Magics.splitArgs("  a \"b c\" d\\\"e \"\" "));
    }

    @Test
    void globsMatchRelativeToTheWorkingDirectory(@TempDir Path tmp) throws Exception {
        Path target = Files.createDirectories(tmp.resolve("vae-cli/target"));
        Files.writeString(target.resolve("vae-cli-1.0-all.jar"), "");
        Files.writeString(target.resolve("vae-cli-1.0.jar"), "");
        Path notebooks = Files.createDirectories(tmp.resolve("notebooks"));

        assertEquals(List.of(target.resolve("vae-cli-1.0-all.jar")),
                Magics.glob("../vae-cli/target/vae-cli-*-all.jar", notebooks, true));
        assertEquals(List.of(target.resolve("vae-cli-1.0.jar")),
                Magics.glob("../vae-cli/target/vae-cli-1.0.jar", notebooks, true));
        assertEquals(List.of(), Magics.glob("../vae-cli/target/*.zip", notebooks, true));
        assertEquals(List.of(), Magics.glob("../vae-cli/tar*", notebooks, false), "a wildcard's last segment matches files");
        assertEquals(List.of(target), Magics.glob("../vae-cli/target", notebooks, false), "%classpath adds a folder");
        assertEquals(2, Magics.glob("../vae-cli/target", notebooks, true).size(), "%jars adds a folder's files");
        assertEquals(2, Magics.glob("../vae-cli/target/", notebooks, true).size());
        assertEquals(2, Magics.glob(tmp + "/*/t?rget/*.jar", notebooks, true).size());
        assertEquals(List.of(), Magics.glob("../vae-cli/**.zip", notebooks, true), "no ** across folders, as in IJava");
    }
}
