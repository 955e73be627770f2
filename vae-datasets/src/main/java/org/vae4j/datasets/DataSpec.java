package org.vae4j.datasets;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vae4j.datasets.csv.CsvFormat;

/**
 * What data to load, as a user writes it: {@code mnist-10k} (the embedded default), {@code mnist},
 * {@code fashion-mnist}, {@code idx:DIR} (a directory in MNIST layout), {@code idx:FILE} (one IDX
 * file, optionally {@code ?labels=FILE}), or {@code csv:PATH} with options such as
 * {@code ?header=true&label=0&delimiter=;&columns=1-5&stream=auto}.
 *
 * <p>{@link #parse(String)} and {@link #toString()} round-trip: {@code parse(s.toString()).equals(s)}.
 */
public sealed interface DataSpec permits DataSpec.Named, DataSpec.Idx, DataSpec.Csv {

    /** The accepted forms, for messages and help texts. */
    String FORMS = "mnist-10k (embedded default), mnist, fashion-mnist, idx:DIR (MNIST layout: train-images-idx3-ubyte[.gz],"
            + " optional train-labels-idx1-ubyte[.gz] and t10k-* test files), idx:FILE[?labels=FILE],"
            + " csv:PATH[?header=true&label=N&delimiter=;&columns=1-5,8&stream=true|false|auto]";

    /** The default: the embedded {@code mnist-10k}. */
    DataSpec DEFAULT = new Named(NamedDataset.MNIST_10K);

    /**
     * Parses a spec.
     *
     * @throws DatasetException listing the accepted forms
     */
    static DataSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new DatasetException("empty dataset spec; expected one of: " + FORMS);
        }
        String s = text.trim();
        Optional<NamedDataset> named = NamedDataset.bySpecName(s);
        if (named.isPresent()) {
            return new Named(named.get());
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("idx:")) {
            String rest = s.substring(4);
            Map<String, String> options = options(rest, s);
            Path path = path(beforeQuery(rest), s);
            Optional<Path> labels = Optional.empty();
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (!e.getKey().equals("labels")) {
                    throw new DatasetException("unknown option \"" + e.getKey() + "\" in \"" + s
                            + "\"; idx: accepts only labels=FILE");
                }
                labels = Optional.of(path(e.getValue(), s));
            }
            return new Idx(path, labels);
        }
        if (lower.startsWith("csv:")) {
            String rest = s.substring(4);
            return new Csv(path(beforeQuery(rest), s), CsvFormat.fromOptions(options(rest, s)));
        }
        String hint = s.contains("/") || s.contains(".") || s.contains("\\")
                ? " (a file or directory needs a prefix: csv:" + s + " or idx:" + s + ")" : "";
        throw new DatasetException("unknown dataset spec \"" + s + "\"" + hint + "; expected one of: " + FORMS);
    }

    private static String beforeQuery(String rest) {
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    private static Map<String, String> options(String rest, String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q < 0) {
            return out;
        }
        String query = rest.substring(q + 1);
        if (query.isEmpty()) {
            throw new DatasetException("empty option list after '?' in \"" + spec + "\"; write options as"
                    + " name=value joined by &, e.g. csv:data.csv?header=true&label=0");
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new DatasetException("option \"" + pair + "\" in \"" + spec + "\" is not name=value; write"
                        + " options as name=value joined by &, e.g. csv:data.csv?header=true&label=0");
            }
            String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (out.put(name, pair.substring(eq + 1)) != null) {
                throw new DatasetException("option \"" + name + "\" is given twice in \"" + spec + "\"");
            }
        }
        return out;
    }

    private static Path path(String p, String spec) {
        if (p.isBlank()) {
            throw new DatasetException("missing path in \"" + spec + "\"; expected one of: " + FORMS);
        }
        try {
            return Path.of(p.trim());
        } catch (InvalidPathException e) {
            throw new DatasetException("\"" + p + "\" in \"" + spec + "\" is not a valid path (" + e.getReason() + ")", e);
        }
    }

    /** A dataset known by name. */
    record Named(NamedDataset dataset) implements DataSpec {
        @Override
        public String toString() {
            return dataset.specName();
        }
    }

    /**
     * IDX data: a directory in MNIST layout, or one file with optional labels (decided when loading).
     *
     * @param path the directory or images file
     * @param labels a labels file, only for a single images file
     */
    record Idx(Path path, Optional<Path> labels) implements DataSpec {
        @Override
        public String toString() {
            return "idx:" + path + labels.map(l -> "?labels=" + l).orElse("");
        }
    }

    /**
     * A CSV file of numbers.
     *
     * @param path the file
     * @param format delimiter, header, columns, label column, streaming
     */
    record Csv(Path path, CsvFormat format) implements DataSpec {
        @Override
        public String toString() {
            Map<String, String> opts = format.toOptions();
            return "csv:" + path + (opts.isEmpty() ? "" : opts.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&", "?", "")));
        }
    }
}
