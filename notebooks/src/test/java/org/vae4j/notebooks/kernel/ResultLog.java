package org.vae4j.notebooks.kernel;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the kernel tells the runner, one record a line in a file (the process's own stdout is left
 * to native libraries). Payloads are base64, so records never break lines:
 * <pre>
 * BEGIN cellIndex
 * STREAM stdout|stderr base64
 * DISPLAY mime:base64,mime:base64      (a display(...) call)
 * RESULT mime:base64,...               (the value of the cell's last expression)
 * ERROR base64                         (the cell failed; the kernel stops)
 * END cellIndex millis
 * FINISHED
 * </pre>
 * Snippets' {@code System.out} and {@code System.err} are captured here and written as STREAM
 * records whenever something else is written, so text and images keep their order.
 */
final class ResultLog implements AutoCloseable {
    private final BufferedWriter out;
    private final Capture stdout = new Capture();
    private final Capture stderr = new Capture();
    private final PrintStream stdoutStream = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    private final PrintStream stderrStream = new PrintStream(stderr, true, StandardCharsets.UTF_8);

    ResultLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** The stream to install as {@code System.out}. */
    PrintStream stdout() {
        return stdoutStream;
    }

    /** The stream to install as {@code System.err}. */
    PrintStream stderr() {
        return stderrStream;
    }

    synchronized void begin(int cell) {
        line("BEGIN " + cell);
    }

    synchronized void display(Map<String, byte[]> data) {
        flushStreams();
        line("DISPLAY " + encode(data));
    }

    synchronized void result(Map<String, byte[]> data) {
        flushStreams();
        line("RESULT " + encode(data));
    }

    synchronized void error(String message) {
        flushStreams();
        line("ERROR " + b64(message.getBytes(StandardCharsets.UTF_8)));
    }

    synchronized void end(int cell, long millis) {
        flushStreams();
        line("END " + cell + " " + millis);
    }

    synchronized void finished() {
        flushStreams();
        line("FINISHED");
    }

    /** Writes whatever the snippets printed so far. */
    synchronized void flushStreams() {
        stdoutStream.flush();
        stderrStream.flush();
        byte[] o = stdout.drain();
        if (o.length > 0) {
            line("STREAM stdout " + b64(o));
        }
        byte[] e = stderr.drain();
        if (e.length > 0) {
            line("STREAM stderr " + b64(e));
        }
    }

    private static String encode(Map<String, byte[]> data) {
        return new LinkedHashMap<>(data).entrySet().stream()
                .map(en -> en.getKey() + ":" + b64(en.getValue()))
                .collect(Collectors.joining(","));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void line(String s) {
        try {
            out.write(s);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel's result log", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Collects bytes until drained. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        synchronized byte[] drain() {
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        }
    }
}
