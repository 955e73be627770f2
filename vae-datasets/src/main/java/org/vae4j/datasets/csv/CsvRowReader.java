package org.vae4j.datasets.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.vae4j.datasets.DatasetException;

/**
 * Reads the numeric rows of a CSV file through DataVec's {@link CSVRecordReader}, validating every
 * value: each row must have the same number of columns, every feature value must be a finite number
 * and every label a non-negative integer. Errors name the file, the 1-based line and the 0-based
 * column index (and its header name), what was expected and what was found.
 *
 * <p>Rows are pulled one at a time, so a file of any size is read in constant memory. Lines without
 * quotes are split and parsed without a Writable per value; quoted lines use DataVec's parser.
 */
public final class CsvRowReader implements AutoCloseable {
    private final Path file;
    private final CsvFormat format;
    private final char delimiter;
    private final LineCsvReader reader;
    private final List<String> names;
    private final int width;
    private final int[] featureColumns;
    private final int labelColumn;
    private long linesRead;
    private long rows;
    private int label = -1;

    // the fields of the line last read
    private String line;
    private String[] quoted;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int fieldCount;
    private boolean buffered;

    private CsvRowReader(Path file, CsvFormat format) {
        this.file = file;
        this.format = format;
        this.delimiter = format.delimiter();
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file; expected a CSV file of numbers");
        }
        this.reader = new LineCsvReader(delimiter);
        try {
            reader.initialize(new FileSplit(file.toFile()));
        } catch (IOException | InterruptedException e) {
            throw new DatasetException(file + ": cannot be opened (" + e + ")", e);
        }
        try {
            if (!readLine()) {
                throw new DatasetException(file + ": is empty; expected rows of numbers separated by "
                        + CsvFormat.printable(delimiter) + (format.header() ? " after a header line" : ""));
            }
            if (format.header()) {
                List<String> header = new ArrayList<>(fieldCount);
                for (int i = 0; i < fieldCount; i++) {
                    header.add(fieldText(i).trim());
                }
                this.names = List.copyOf(header);
                if (!readLine()) {
                    throw new DatasetException(file + ": has a header line but no data rows; expected rows of"
                            + " numbers after the header");
                }
            } else {
                this.names = List.of();
                if (line.isEmpty()) {
                    throw new DatasetException(file + ": line 1 is empty; expected rows of numbers");
                }
            }
            buffered = true;
            this.width = format.header() ? names.size() : fieldCount;
            this.labelColumn = format.labelColumn().orElse(-1);
            if (labelColumn >= width) {
                throw new DatasetException(file + ": label column index " + labelColumn + " is out of range: the"
                        + " file has " + width + " columns (indexes 0-" + (width - 1) + ")");
            }
            this.featureColumns = format.featureColumns(width);
            for (int c : featureColumns) {
                if (c >= width) {
                    throw new DatasetException(file + ": column index " + c + " (in columns=) is out of range: the"
                            + " file has " + width + " columns (indexes 0-" + (width - 1) + ")");
                }
            }
            if (featureColumns.length == 0) {
                throw new DatasetException(file + ": no feature columns: the file has " + width
                        + " column(s) and the label column is " + labelColumn + "; add feature columns");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a CSV file and reads its first line(s) to learn the number of columns.
     *
     * @throws DatasetException if the file is missing or empty, has only a header, or the
     *     selected columns do not exist
     */
    public static CsvRowReader open(Path file, CsvFormat format) {
        return new CsvRowReader(file, format);
    }

    /** Reads and splits the next line; false at the end of the file. */
    private boolean readLine() {
        String next;
        try {
            next = reader.nextLine();
        } catch (RuntimeException e) {
            throw new DatasetException(file + ": line " + (linesRead + 1) + " cannot be read (" + e + ")", e);
        }
        if (next == null) {
            return false;
        }
        linesRead++;
        if (linesRead == 1 && next.startsWith("\uFEFF")) {
            next = next.substring(1); // a UTF-8 byte order mark, as spreadsheet programs write
        }
        line = next;
        if (next.indexOf('"') >= 0) {
            try {
                quoted = reader.parseQuoted(next);
            } catch (RuntimeException e) {
                throw new DatasetException(file + ": line " + linesRead + " cannot be parsed as CSV ("
                        + e.getMessage() + "); check the quoting", e);
            }
            fieldCount = quoted.length;
            return true;
        }
        quoted = null;
        int count = 0;
        int start = 0;
        while (true) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                ends = Arrays.copyOf(ends, 2 * count);
            }
            int end = next.indexOf(delimiter, start);
            starts[count] = start;
            ends[count] = end < 0 ? next.length() : end;
            count++;
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        fieldCount = count;
        return true;
    }

    private String fieldText(int i) {
        return quoted != null ? quoted[i] : line.substring(starts[i], ends[i]);
    }

    /** @return the number of feature values per row */
    public int width() {
        return featureColumns.length;
    }

    /** @return the number of columns in the file */
    public int fileColumns() {
        return width;
    }

    /** @return the header names of the feature columns, or "column i" without a header */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(featureColumns.length);
        for (int c : featureColumns) {
            out.add(names.isEmpty() ? "column " + c : names.get(c));
        }
        return out;
    }

    /** @return whether the format has a label column */
    public boolean hasLabels() {
        return labelColumn >= 0;
    }

    /**
     * Reads the next row's feature values into {@code dst} from {@code offset}.
     *
     * @return false at the end of the file
     * @throws DatasetException on a ragged row, a non-numeric, NaN or infinite value, or a bad label
     */
    public boolean next(float[] dst, int offset) {
        if (buffered) {
            buffered = false;
        } else if (!readLine()) {
            return false;
        }
        if (fieldCount != width) {
            if (line.isEmpty()) {
                throw new DatasetException(file + ": line " + linesRead + " is empty; expected " + width
                        + " values; remove blank lines");
            }
            throw new DatasetException(file + ": line " + linesRead + " has " + fieldCount + " columns, expected "
                    + width + " (as in the " + (format.header() ? "header" : "first line")
                    + "); every row needs the same number of columns");
        }
        for (int k = 0; k < featureColumns.length; k++) {
            dst[offset + k] = value(featureColumns[k]);
        }
        if (labelColumn >= 0) {
            label = labelValue(fieldText(labelColumn).trim());
        }
        rows++;
        return true;
    }

    /** @return the label of the row last read, or -1 without a label column */
    public int label() {
        return label;
    }

    /** @return the 1-based line number of the row last read */
    public long line() {
        return linesRead;
    }

    /** @return the number of data rows read so far */
    public long rowsRead() {
        return rows;
    }

    private String where(int column) {
        String name = names.isEmpty() ? "" : " (\"" + names.get(column) + "\")";
        return file + ": line " + linesRead + ", column index " + column + name;
    }

    private float value(int column) {
        double v = quoted != null ? FastNumbers.parse(quoted[column], 0, quoted[column].length())
                : FastNumbers.parse(line, starts[column], ends[column]);
        if (Double.isNaN(v)) {
            v = slowValue(column);
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw new DatasetException(where(column) + ": " + fieldText(column).trim() + " is outside the float32"
                    + " range (±" + Float.MAX_VALUE + "); rescale the data");
        }
        return f;
    }

    private double slowValue(int column) {
        String text = fieldText(column).trim();
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            if (isNonFiniteWord(text)) {
                throw nonFinite(column, text);
            }
            throw new DatasetException(where(column) + ": expected a number, found "
                    + (text.isEmpty() ? "an empty value (a missing value?)" : "\"" + text + "\"")
                    + "; every feature value must be numeric: fix the file or select other columns");
        }
        if (!Double.isFinite(v)) {
            throw nonFinite(column, text);
        }
        return v;
    }

    private DatasetException nonFinite(int column, String text) {
        return new DatasetException(where(column) + ": expected a finite number, found " + text
                + "; remove or impute missing and infinite values first");
    }

    private static boolean isNonFiniteWord(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace("+", "").replace("-", "");
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    private int labelValue(String text) {
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v)) {
                return (int) v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DatasetException(where(labelColumn) + " (the label column): expected an integer class"
                + " label ≥ 0, found \"" + text + "\"; map the classes to 0..K-1 first, or leave out label=");
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // nothing was written; nothing to lose
        }
    }
}
