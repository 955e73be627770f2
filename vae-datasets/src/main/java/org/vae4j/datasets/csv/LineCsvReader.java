package org.vae4j.datasets.csv;

import java.util.List;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.writable.Writable;

/**
 * DataVec's {@link CSVRecordReader}, handing out whole lines: lines without quotes are split by the
 * caller without a Writable per value (several times faster); quoted lines go through DataVec's own
 * quote-aware {@link #parseLine(String)}.
 */
final class LineCsvReader extends CSVRecordReader {
    private static final long serialVersionUID = 1L;

    LineCsvReader(char delimiter) {
        super(0, delimiter);
    }

    /** @return the next line, or null at the end */
    String nextLine() {
        return super.hasNext() ? readStringLine() : null;
    }

    /** @return the fields of a line with quotes, as DataVec parses them */
    String[] parseQuoted(String line) {
        List<Writable> fields = parseLine(line);
        String[] out = new String[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.get(i).toString();
        }
        return out;
    }
}
