package org.vae4j.datasets.idx;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vae4j.datasets.DatasetException;

/**
 * Opens IDX data, plain or gzip: gzip is recognised by its magic bytes 1f 8b, not by the file name.
 * Errors of the gzip layer become a {@link DatasetException} naming the file.
 */
final class IdxInput {
    private static final int BUFFER = 1 << 16;
    /** 16 MiB: MNIST's 47 MB of training images grow it twice. */
    static final int FIRST_READ = 16 << 20;

    private IdxInput() {
    }

    /** Opens a file; the caller closes the stream. */
    static InputStream open(Path path) {
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new DatasetException(path + ": no such file; expected an IDX file (plain or gzip)", e);
        } catch (IOException e) {
            throw new DatasetException(path + ": cannot be opened (" + e + "); check that it is a readable file", e);
        }
        return wrap(raw, path.toString());
    }

    /** Wraps a stream, decompressing it if it starts with the gzip magic bytes. */
    static InputStream wrap(InputStream raw, String source) {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1F && b1 == 0x8B) {
                return new GzipErrors(new GZIPInputStream(in, BUFFER), source);
            }
            return in;
        } catch (ZipException | EOFException e) {
            closeQuietly(in);
            throw notGzip(source, e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new DatasetException(source + ": cannot be read (" + e + ")", e);
        }
    }

    static DatasetException notGzip(String source, IOException e) {
        return new DatasetException(source + ": starts with the gzip magic bytes 1f 8b but is not a valid"
                + " gzip stream (" + e.getMessage() + "); the file is damaged or incomplete: download it"
                + " again (`gzip -t FILE` checks it)", e);
    }

    /**
     * Reads {@code declared} bytes, or fewer if the stream ends first. The buffer grows as data
     * arrives, so a damaged header that declares gigabytes costs at most {@link #FIRST_READ}
     * bytes before the file is found to be short.
     */
    static byte[] readUpTo(InputStream in, long declared) throws IOException {
        byte[] bytes = new byte[(int) Math.min(declared, FIRST_READ)];
        int n = in.readNBytes(bytes, 0, bytes.length);
        while (n == bytes.length && n < declared) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(declared, 2L * bytes.length));
            n += in.readNBytes(bytes, n, bytes.length - n);
        }
        return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
    }

    /** Consumes the rest of the stream and returns how many bytes there were. */
    static long countRemaining(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
        }
        return n;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }

    /** Turns the gzip layer's exceptions into messages that name the file. */
    private static final class GzipErrors extends FilterInputStream {
        private final String source;

        GzipErrors(InputStream in, String source) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw notGzip(source, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw notGzip(source, e);
            }
        }
    }
}
