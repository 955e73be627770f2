package org.vae4j.core.graph;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a graph's gradient function without SameDiff M2.1's console chatter: its
 * {@code createGradFunction} prints "Added differentiated op …" to System.out for every op,
 * unconditionally. Library code must not print, so those lines (and only those) are dropped.
 */
public final class QuietGradients {
    private static final String CHATTER = "Added differentiated op ";

    private QuietGradients() {
    }

    public static void createGradFunction(SameDiff sd) {
        synchronized (QuietGradients.class) {
            if (sd.getFunction("grad") != null) {
                return;
            }
            PrintStream original = System.out;
            System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
            try {
                sd.createGradFunction();
            } finally {
                System.out.flush();
                System.setOut(original);
            }
        }
    }

    /** Passes every line through except SameDiff's chatter. */
    private static final class LineFilter extends java.io.OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void flush() {
            target.flush(); // a partial line waits for its newline: only whole lines can be judged
        }

        private void emit() {
            String s = line.toString(StandardCharsets.UTF_8);
            if (!s.startsWith(CHATTER)) {
                target.print(s);
            }
            line.reset();
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                emit();
            }
            target.flush();
        }
    }
}
