package org.vae4j.datasets.csv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.vae4j.datasets.DatasetException;

/**
 * How to read a CSV file: the delimiter, whether the first line is a header, which columns are
 * features, an optional label column, and whether to stream it. Column indexes are 0-based.
 *
 * <p>In a dataset spec these are the options after {@code ?}:
 * {@code csv:data.csv?header=true&label=0&delimiter=;&columns=1-5,8&stream=auto}.
 *
 * @param delimiter the field separator ({@code delimiter=tab} in a spec for a tab)
 * @param header whether the first line holds column names (it is skipped)
 * @param labelColumn the column holding integer class labels 0..K-1, if any
 * @param columns the feature columns in order; empty means every column except the label column
 * @param mode whether to load the file into memory or stream it each epoch
 */
public record CsvFormat(char delimiter, boolean header, OptionalInt labelColumn, List<Integer> columns, Mode mode) {

    /** Whether a CSV file is loaded into memory or streamed from disk each epoch. */
    public enum Mode {
        /** Stream files larger than the threshold in the data options, load smaller ones. */
        AUTO("auto"),
        /** Always stream: bounded memory whatever the file size ({@code stream=true}). */
        STREAM("true"),
        /** Always load into memory ({@code stream=false}). */
        MEMORY("false");

        private final String specValue;

        Mode(String specValue) {
            this.specValue = specValue;
        }

        /** @return the value of the {@code stream=} option */
        public String specValue() {
            return specValue;
        }
    }

    /** Comma-separated, no header, every column a feature, no labels, streaming decided by size. */
    public static final CsvFormat DEFAULT = new CsvFormat(',', false, OptionalInt.empty(), List.of(), Mode.AUTO);

    /** The option names accepted in a spec. */
    public static final List<String> OPTION_NAMES = List.of("header", "label", "delimiter", "columns", "stream");

    /** Validates the columns: non-negative, no duplicates, not the label column. */
    public CsvFormat {
        columns = List.copyOf(columns);
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new DatasetException("CSV delimiter cannot be " + printable(delimiter)
                    + "; use a character such as , ; | or tab");
        }
        if (labelColumn.isPresent() && labelColumn.getAsInt() < 0) {
            throw new DatasetException("CSV label column must be a 0-based column index ≥ 0, found "
                    + labelColumn.getAsInt());
        }
        Set<Integer> seen = new HashSet<>();
        for (int c : columns) {
            if (c < 0) {
                throw new DatasetException("CSV column indexes are 0-based and must be ≥ 0, found " + c);
            }
            if (!seen.add(c)) {
                throw new DatasetException("CSV column " + c + " is selected twice in columns=" + columnsText(columns)
                        + "; list each column once");
            }
            if (labelColumn.isPresent() && labelColumn.getAsInt() == c) {
                throw new DatasetException("CSV column " + c + " is both the label column and a feature column"
                        + " (columns=" + columnsText(columns) + "); leave it out of columns=");
            }
        }
    }

    /**
     * Parses spec options ({@code header}, {@code label}, {@code delimiter}, {@code columns},
     * {@code stream}).
     *
     * @throws DatasetException naming the option and the accepted values
     */
    public static CsvFormat fromOptions(Map<String, String> options) {
        char delimiter = DEFAULT.delimiter;
        boolean header = false;
        OptionalInt label = OptionalInt.empty();
        List<Integer> columns = List.of();
        Mode mode = Mode.AUTO;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case "header" -> header = parseBoolean("header", value);
                case "label" -> label = OptionalInt.of(parseIndex("label", value));
                case "delimiter" -> delimiter = parseDelimiter(value);
                case "columns" -> columns = parseColumns(value);
                case "stream" -> mode = parseMode(value);
                default -> throw new DatasetException("unknown CSV option \"" + e.getKey() + "\"; accepted: "
                        + String.join(", ", OPTION_NAMES));
            }
        }
        return new CsvFormat(delimiter, header, label, columns, mode);
    }

    /** @return the options that differ from the defaults, in a fixed order, for a spec */
    public Map<String, String> toOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        if (header) {
            out.put("header", "true");
        }
        labelColumn.ifPresent(l -> out.put("label", Integer.toString(l)));
        if (delimiter != DEFAULT.delimiter) {
            out.put("delimiter", delimiter == '\t' ? "tab" : String.valueOf(delimiter));
        }
        if (!columns.isEmpty()) {
            out.put("columns", columnsText(columns));
        }
        if (mode != Mode.AUTO) {
            out.put("stream", mode.specValue());
        }
        return out;
    }

    /** @return the feature columns for a file with {@code width} columns */
    public int[] featureColumns(int width) {
        if (!columns.isEmpty()) {
            return columns.stream().mapToInt(Integer::intValue).toArray();
        }
        int label = labelColumn.orElse(-1);
        int[] out = new int[label >= 0 && label < width ? width - 1 : width];
        int k = 0;
        for (int c = 0; c < width; c++) {
            if (c != label) {
                out[k++] = c;
            }
        }
        return out;
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new DatasetException("CSV option " + name + " must be true or false, found \""
                    + value + "\"");
        };
    }

    private static int parseIndex(String name, String value) {
        try {
            int i = Integer.parseInt(value.trim());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DatasetException("CSV option " + name + " must be a 0-based column index (0, 1, …), found \""
                + value + "\"");
    }

    private static char parseDelimiter(String value) {
        if (value.equalsIgnoreCase("tab") || value.equals("\\t") || value.equals("\t")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new DatasetException("CSV option delimiter must be one character (or \"tab\"), found \""
                    + value + "\"");
        }
        return value.charAt(0);
    }

    private static Mode parseMode(String value) {
        for (Mode m : Mode.values()) {
            if (m.specValue.equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new DatasetException("CSV option stream must be true, false or auto, found \"" + value + "\"");
    }

    /** Parses "1-5,8" into [1, 2, 3, 4, 5, 8]. */
    static List<Integer> parseColumns(String value) {
        List<Integer> out = new ArrayList<>();
        if (value.isBlank()) {
            throw new DatasetException("CSV option columns is empty; give 0-based indexes and ranges such as 1-5,8");
        }
        for (String part : value.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash < 0) {
                    out.add(Integer.parseInt(p));
                } else {
                    int lo = Integer.parseInt(p.substring(0, dash).trim());
                    int hi = Integer.parseInt(p.substring(dash + 1).trim());
                    if (lo > hi || lo < 0) {
                        throw new NumberFormatException();
                    }
                    for (int c = lo; c <= hi; c++) {
                        out.add(c);
                    }
                }
            } catch (NumberFormatException e) {
                throw new DatasetException("CSV option columns: \"" + p + "\" is not a 0-based column index or"
                        + " range (such as 3 or 1-5) in \"" + value + "\"");
            }
        }
        return out;
    }

    /** Writes [1, 2, 3, 5] as "1-3,5". */
    static String columnsText(List<Integer> columns) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < columns.size()) {
            int j = i;
            while (j + 1 < columns.size() && columns.get(j + 1) == columns.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(columns.get(i));
            if (j > i) {
                sb.append('-').append(columns.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "tab";
            case '\n' -> "newline";
            case '\r' -> "carriage return";
            default -> "'" + c + "'";
        };
    }
}
