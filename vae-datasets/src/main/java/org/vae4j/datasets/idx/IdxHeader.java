package org.vae4j.datasets.idx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.vae4j.datasets.DatasetException;

/** The header of an IDX file: magic number (0x0000, type code, number of dimensions) and sizes. */
record IdxHeader(String source, IdxType type, int[] dims) {

    /** Largest data section one Java array can hold. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 16L;

    /** @return bytes taken by the header itself */
    int headerBytes() {
        return 4 + 4 * dims.length;
    }

    /** @return number of examples: the first dimension */
    int count() {
        return dims[0];
    }

    /** @return elements per example: the product of all dimensions but the first (1 for 1-d files) */
    int exampleSize() {
        long size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return (int) size;
    }

    /** @return bytes of the data section the header declares */
    long dataBytes() {
        long n = type.bytes();
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** @return the dims as "60000×28×28" */
    String shape() {
        return shape(dims);
    }

    static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            if (sb.length() > 0) {
                sb.append('×');
            }
            sb.append(d);
        }
        return sb.toString();
    }

    /** Reads and checks the header, leaving the stream at the first data byte. */
    static IdxHeader read(InputStream in, String source) throws IOException {
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length < 4) {
            throw new DatasetException(source + ": file ends after " + magicBytes.length
                    + " bytes; an IDX file starts with a 4-byte magic number (0x00000803 for uint8"
                    + " images); is this an IDX file?");
        }
        int magic = ((magicBytes[0] & 0xFF) << 24) | ((magicBytes[1] & 0xFF) << 16)
                | ((magicBytes[2] & 0xFF) << 8) | (magicBytes[3] & 0xFF);
        if (magicBytes[0] != 0 || magicBytes[1] != 0) {
            throw new DatasetException(String.format("%s: magic number must be 0x0000TTDD (two zero bytes,"
                    + " a type code TT, the number of dimensions DD, e.g. 0x00000803 for uint8 images),"
                    + " found 0x%08X; is this an IDX file?", source, magic));
        }
        int code = magicBytes[2] & 0xFF;
        IdxType type = IdxType.fromCode(code).orElseThrow(() -> new DatasetException(String.format(
                "%s: unknown IDX data type code 0x%02X in magic number 0x%08X; expected one of %s",
                source, code, magic, IdxType.acceptedCodes())));
        int ndims = magicBytes[3] & 0xFF;
        if (ndims == 0) {
            throw new DatasetException(String.format("%s: magic number 0x%08X declares 0 dimensions;"
                    + " an IDX file needs at least 1 (the number of examples)", source, magic));
        }
        byte[] dimBytes = in.readNBytes(4 * ndims);
        if (dimBytes.length < 4 * ndims) {
            throw new DatasetException(String.format("%s: truncated header: magic number 0x%08X declares %d"
                    + " dimensions (%d header bytes) but the file ends after %d bytes; the file is"
                    + " incomplete, download it again", source, magic, ndims, 4 + 4 * ndims,
                    4 + dimBytes.length));
        }
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            long d = ((dimBytes[4 * i] & 0xFFL) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (d > Integer.MAX_VALUE) {
                throw new DatasetException(source + ": dimension " + i + " is " + d
                        + ", larger than the supported maximum " + Integer.MAX_VALUE
                        + "; is this an IDX file?");
            }
            dims[i] = (int) d;
        }
        IdxHeader header = new IdxHeader(source, type, dims);
        long example = (long) type.bytes();
        for (int i = 1; i < ndims; i++) {
            example *= dims[i];
        }
        if (header.dataBytes() > MAX_DATA_BYTES || example > MAX_DATA_BYTES) {
            throw new DatasetException(source + ": header declares " + header.shape() + " " + type + " values ("
                    + header.dataBytes() + " bytes), more than one array can hold (" + MAX_DATA_BYTES
                    + " bytes); split the file into parts");
        }
        return header;
    }

    /** Fails unless the data section was complete. */
    void checkComplete(long found) {
        if (found < dataBytes()) {
            throw new DatasetException(source + ": truncated: the header declares " + shape() + " " + type
                    + " values (" + dataBytes() + " data bytes) but the file has only " + found
                    + " data bytes; the file is incomplete, download it again");
        }
    }

    /** Fails if bytes follow the declared data section. */
    void checkNoTrailing(long trailing) {
        if (trailing > 0) {
            throw new DatasetException(source + ": " + trailing + " trailing bytes after the "
                    + dataBytes() + " data bytes the header declares (" + shape() + " " + type
                    + "); the header and the data disagree: is the count or the type in the header wrong?");
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxHeader h && h.source.equals(source) && h.type == type
                && Arrays.equals(h.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * source.hashCode() + type.hashCode()) + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return source + " (" + type + " " + shape() + ")";
    }
}
