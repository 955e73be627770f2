package org.vae4j.notebooks.kernel;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * The forked kernel process: {@code KernelMain requestFile resultFile}. Its classpath holds only
 * these kernel classes, so a notebook sees exactly what its magics add. Its working directory is
 * the notebook's folder, as a Jupyter kernel's is. The request holds one line per code cell,
 * {@code cellIndex base64(source)}; the cells run in order and the first failing one stops the
 * run. Results go to {@link ResultLog}.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KernelMain requestFile resultFile");
            System.exit(2);
        }
        List<String> request = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream kernelErr = System.err;
        int status = 0;
        try (ResultLog log = new ResultLog(Path.of(args[1]))) {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            System.setOut(log.stdout());
            System.setErr(log.stderr());
            try (Kernel kernel = new Kernel(log, Path.of("").toAbsolutePath())) {
                for (String line : request) {
                    if (line.isBlank()) {
                        continue;
                    }
                    int space = line.indexOf(' ');
                    int cell = Integer.parseInt(line.substring(0, space));
                    String source = new String(Base64.getDecoder().decode(line.substring(space + 1)),
                            StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    log.begin(cell);
                    try {
                        Object result = kernel.evalCell(source);
                        if (result != null) {
                            log.result(render(result));
                        }
                    } catch (Kernel.CellFailure e) {
                        log.error(e.getMessage());
                        status = 1;
                        break;
                    } finally {
                        log.end(cell, (System.nanoTime() - start) / 1_000_000);
                    }
                }
                log.finished();
            }
        } catch (Throwable t) {
            t.printStackTrace(kernelErr);
            status = 3;
        }
        kernelErr.flush();
        // Native libraries keep non-daemon threads; a kernel that is done leaves.
        System.exit(status);
    }

    private static java.util.Map<String, byte[]> render(Object value) throws Kernel.CellFailure {
        try {
            return Renderer.render(value);
        } catch (RuntimeException e) {
            throw new Kernel.CellFailure("cannot render the cell's value: " + e);
        }
    }
}
