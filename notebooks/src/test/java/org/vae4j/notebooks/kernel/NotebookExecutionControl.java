package org.vae4j.notebooks.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in this JVM the way IJava's execution control does: a {@link DirectExecutionControl}
 * (classes loaded by JShell's default loader delegate, which also becomes the building thread's
 * context class loader) whose snippets run on one executor thread created at the first snippet,
 * so they inherit that context class loader. The actual result objects are kept (keyed by the
 * string JShell receives) so the kernel can render the last expression of a cell as IJava does,
 * and the actual exception of a failed snippet is kept for a full stack trace.
 */
final class NotebookExecutionControl extends DirectExecutionControl {
    private static final Object NULL = new Object();

    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "notebook-executor");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private volatile Future<Object> running;
    private volatile Throwable lastFailure;

    /**
     * The result object of an executable snippet, by the value JShell reported for it; null when
     * there is none (JShell 17 reports "" for statements, discarding what {@link #invoke} returned).
     */
    Object takeResult(String key) {
        Object value = results.remove(key);
        return value == NULL ? null : value;
    }

    /** Drops results nobody took, so they do not pile up. */
    void clearResults() {
        results.clear();
    }

    /** The exception thrown by the last failing snippet, cleared on read. */
    Throwable takeLastFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        running = executor.submit(() -> doitMethod.invoke(null));
        Object value;
        try {
            value = running.get();
        } catch (CancellationException e) {
            throw new ExecutionControl.StoppedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite) {
                lastFailure = ite.getCause();
                throw ite;
            }
            lastFailure = cause;
            throw new InvocationTargetException(cause);
        }
        String key = UUID.randomUUID().toString();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    @Override
    public void stop() {
        Future<Object> f = running;
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }

    /** Hands JShell the one control instance so the kernel can read results from it. */
    static final class Provider implements ExecutionControlProvider {
        private NotebookExecutionControl control;

        @Override
        public String name() {
            return "notebook-direct";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new NotebookExecutionControl();
            return control;
        }

        boolean started() {
            return control != null;
        }

        NotebookExecutionControl control() {
            if (control == null) {
                throw new IllegalStateException("JShell has not created its execution control yet");
            }
            return control;
        }
    }
}
