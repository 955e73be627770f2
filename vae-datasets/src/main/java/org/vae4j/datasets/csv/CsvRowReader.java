package org.vae4j.datasets.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.vae4j.datasets.DatasetException;

/**
 * Reads the numeric rows of a CSV file through DataVec's {@link CSVRecordReader}, validating every
 * value: each row must have the same number of columns, every feature value must be a finite number
 * and every label a non-negative integer. Errors name the file, the 1-based line and the 0-based
 * column index (and its header name), what was expected and what was found.
 *
 * <p>Rows are pulled one at a time, so a file of any size is read in constant memory.
 */
public final class CsvRowReader implements AutoCloseable {
    private final Path file;
    private final CsvFormat format;
    private final CSVRecordReader reader;
    private final List<String> names;
    private final int width;
    private final int[] featureColumns;
    private final int labelColumn;
    private List<Writable> pending;
    private long pendingLine;
    private long linesRead;
    private long lastRowLine;
    private long rows;
    private int label = -1;

    private CsvRowReader(Path file, CsvFormat format) {
        this.file = file;
        this.format = format;
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file; expected a CSV file of numbers");
        }
        this.reader = new CSVRecordReader(0, format.delimiter());
        try {
            reader.initialize(new FileSplit(file.toFile()));
        } catch (IOException | InterruptedException e) {
            throw new DatasetException(file + ": cannot be opened (" + e + ")", e);
        }
        List<Writable> first = readRecord();
        if (first == null) {
            close();
            throw new DatasetException(file + ": is empty; expected rows of numbers separated by "
                    + CsvFormat.printable(format.delimiter())
                    + (format.header() ? " after a header line" : ""));
        }
        if (format.header()) {
            this.names = first.stream().map(w -> w.toString().trim()).toList();
            this.pending = readRecord();
            this.pendingLine = linesRead;
            if (pending == null) {
                close();
                throw new DatasetException(file + ": has a header line but no data rows; expected rows of numbers"
                        + " after the header");
            }
        } else {
            this.names = List.of();
            this.pending = first;
            this.pendingLine = linesRead;
        }
        this.width = format.header() ? names.size() : pending.size();
        if (width == 1 && pending.size() == 1 && pending.get(0).toString().isEmpty()) {
            close();
            throw new DatasetException(file + ": line " + pendingLine + " is empty; expected rows of numbers");
        }
        this.labelColumn = format.labelColumn().orElse(-1);
        if (labelColumn >= width) {
            close();
            throw new DatasetException(file + ": label column index " + labelColumn + " is out of range: the file has "
                    + width + " columns (indexes 0-" + (width - 1) + ")");
        }
        this.featureColumns = format.featureColumns(width);
        for (int c : featureColumns) {
            if (c >= width) {
                close();
                throw new DatasetException(file + ": column index " + c + " (in columns=) is out of range: the file has "
                        + width + " columns (indexes 0-" + (width - 1) + ")");
            }
        }
        if (featureColumns.length == 0) {
            close();
            throw new DatasetException(file + ": no feature columns: the file has " + width
                    + " column(s) and the label column is " + labelColumn + "; add feature columns");
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

    private List<Writable> readRecord() {
        try {
            if (!reader.hasNext()) {
                return null;
            }
            linesRead++;
            return reader.next();
        } catch (RuntimeException e) {
            throw new DatasetException(file + ": line " + linesRead + " cannot be parsed as CSV (" + e.getMessage()
                    + "); check the quoting", e);
        }
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
        List<Writable> row = pending;
        long rowLine = pendingLine;
        if (row == null) {
            return false;
        }
        pending = readRecord();
        pendingLine = linesRead;
        if (row.size() != width) {
            if (row.size() == 1 && row.get(0).toString().isEmpty()) {
                throw new DatasetException(file + ": line " + rowLine + " is empty; expected " + width
                        + " values; remove blank lines");
            }
            throw new DatasetException(file + ": line " + rowLine + " has " + row.size() + " columns, expected "
                    + width + " (as in the " + (format.header() ? "header" : "first line")
                    + "); every row needs the same number of columns");
        }
        for (int k = 0; k < featureColumns.length; k++) {
            dst[offset + k] = value(row, featureColumns[k], rowLine);
        }
        if (labelColumn >= 0) {
            label = labelValue(row.get(labelColumn).toString(), rowLine);
        }
        this.lastRowLine = rowLine;
        rows++;
        return true;
    }

    /** @return the label of the row last read, or -1 without a label column */
    public int label() {
        return label;
    }

    /** @return the 1-based line number of the row last read */
    public long line() {
        return lastRowLine;
    }

    /** @return the number of data rows read so far */
    public long rowsRead() {
        return rows;
    }

    private String where(long rowLine, int column) {
        String name = names.isEmpty() ? "" : " (\"" + names.get(column) + "\")";
        return file + ": line " + rowLine + ", column index " + column + name;
    }

    private float value(List<Writable> row, int column, long rowLine) {
        String text = row.get(column).toString().trim();
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            if (isNonFiniteWord(text)) {
                throw nonFinite(rowLine, column, text);
            }
            throw new DatasetException(where(rowLine, column) + ": expected a number, found "
                    + (text.isEmpty() ? "an empty value (a missing value?)" : "\"" + text + "\"")
                    + "; every feature value must be numeric: fix the file or select other columns");
        }
        if (!Double.isFinite(v)) {
            throw nonFinite(rowLine, column, text);
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw new DatasetException(where(rowLine, column) + ": " + text + " is outside the float32 range (±"
                    + Float.MAX_VALUE + "); rescale the data");
        }
        return f;
    }

    private DatasetException nonFinite(long rowLine, int column, String text) {
        return new DatasetException(where(rowLine, column) + ": expected a finite number, found " + text
                + "; remove or impute missing and infinite values first");
    }

    private static boolean isNonFiniteWord(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace("+", "").replace("-", "");
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    private int labelValue(String raw, long rowLine) {
        String text = raw.trim();
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v)) {
                return (int) v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new DatasetException(where(rowLine, labelColumn) + " (the label column): expected an integer class"
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
