package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vae4j.datasets.csv.CsvFormat;

class DataSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "fashion-mnist", "mnist-10k", "idx:/data/mnist", "idx:images.idx",
        "idx:/d/train-images-idx3-ubyte.gz?labels=/d/train-labels-idx1-ubyte.gz", "csv:data.csv",
        "csv:/tmp/x.csv?header=true&label=0&delimiter=;&columns=1-5,8&stream=true",
        "csv:x.tsv?delimiter=tab&stream=false", "csv:x.csv?columns=3,1"})
    void roundTripsCanonicalSpecs(String text) {
        DataSpec spec = DataSpec.parse(text);
        assertEquals(text, spec.toString());
        assertEquals(spec, DataSpec.parse(spec.toString()));
    }

    @Test
    void parsesNamesIgnoringCaseAndOptionsInAnyOrder() {
        assertEquals(new DataSpec.Named(NamedDataset.MNIST), DataSpec.parse(" MNIST "));
        DataSpec csv = DataSpec.parse("csv:a.csv?stream=auto&columns=2,3,4&label=1&header=TRUE&delimiter=\\t");
        assertEquals(new DataSpec.Csv(Path.of("a.csv"), new CsvFormat('\t', true, OptionalInt.of(1),
                List.of(2, 3, 4), CsvFormat.Mode.AUTO)), csv);
        assertEquals("csv:a.csv?header=true&label=1&delimiter=tab&columns=2-4", csv.toString());
        DataSpec.Idx idx = assertInstanceOf(DataSpec.Idx.class, DataSpec.parse("idx:x?labels=y"));
        assertEquals(Optional.of(Path.of("y")), idx.labels());
        assertEquals(DataSpec.DEFAULT, DataSpec.parse("mnist-10k"));
    }

    private static String failure(String spec) {
        return assertThrows(DatasetException.class, () -> DataSpec.parse(spec)).getMessage();
    }

    @Test
    void rejectsGarbageListingTheAcceptedForms() {
        String m = failure("imagenet");
        assertTrue(m.startsWith("unknown dataset spec \"imagenet\"; expected one of: mnist-10k (embedded default),"
                + " mnist, fashion-mnist, idx:DIR"), m);
        assertTrue(m.contains("csv:PATH[?header=true&label=N&delimiter=;&columns=1-5,8&stream=true|false|auto]"), m);
        assertTrue(failure("data/train.csv").contains("(a file or directory needs a prefix: csv:data/train.csv or"
                + " idx:data/train.csv)"), failure("data/train.csv"));
        assertTrue(failure("").startsWith("empty dataset spec; expected one of: mnist-10k"));
        assertTrue(failure("csv:").startsWith("missing path in \"csv:\""));
    }

    @Test
    void rejectsBadOptions() {
        assertEquals("unknown CSV option \"headers\"; accepted: header, label, delimiter, columns, stream",
                failure("csv:a.csv?headers=true"));
        assertEquals("CSV option header must be true or false, found \"yes\"", failure("csv:a.csv?header=yes"));
        assertEquals("CSV option label must be a 0-based column index (0, 1, …), found \"-1\"",
                failure("csv:a.csv?label=-1"));
        assertEquals("CSV option delimiter must be one character (or \"tab\"), found \";;\"",
                failure("csv:a.csv?delimiter=;;"));
        assertTrue(failure("csv:a.csv?columns=1-x").startsWith("CSV option columns: \"1-x\" is not a 0-based column"
                + " index or range"));
        assertEquals("CSV column 2 is both the label column and a feature column (columns=1-3); leave it out of"
                + " columns=", failure("csv:a.csv?label=2&columns=1-3"));
        assertEquals("CSV column 2 is selected twice in columns=1-3,2; list each column once",
                failure("csv:a.csv?columns=1-3,2"));
        assertEquals("CSV option stream must be true, false or auto, found \"maybe\"", failure("csv:a.csv?stream=maybe"));
        assertTrue(failure("csv:a.csv?header").startsWith("option \"header\" in \"csv:a.csv?header\" is not name=value"));
        assertEquals("option \"label\" is given twice in \"csv:a.csv?label=1&label=2\"",
                failure("csv:a.csv?label=1&label=2"));
        assertEquals("unknown option \"header\" in \"idx:a?header=true\"; idx: accepts only labels=FILE",
                failure("idx:a?header=true"));
    }
}
