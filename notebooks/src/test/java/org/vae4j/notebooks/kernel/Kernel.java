package org.vae4j.notebooks.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * A JShell evaluator that follows IJava's: the same default imports and helper methods, line
 * magics rewritten into calls, a cell split into snippets with
 * {@link SourceCodeAnalysis#analyzeCompletion}, and a cell failing on the first snippet that is
 * rejected or throws, or when source is left incomplete at the end of the cell.
 *
 * <p>Snippets reach the kernel through the public static methods below (as IJava's reach
 * {@code IJava.getKernelInstance()}); there is one kernel per JVM.
 */
public final class Kernel implements AutoCloseable {
    /** IJava's ijava-jshell-init, ijava-display-init and ijava-magics-init, in our terms. */
    static final String STARTUP = """
            import java.util.*;
            import java.io.*;
            import java.math.*;
            import java.net.*;
            import java.util.concurrent.*;
            import java.util.prefs.*;
            import java.util.regex.*;
            public void printf(String format, Object... args) { System.out.printf(format, args); }
            String display(Object o) { return org.vae4j.notebooks.kernel.Kernel.display(o); }
            Object lineMagic(String name, List<String> args) { return org.vae4j.notebooks.kernel.Kernel.lineMagic(name, args); }
            """;

    private static volatile Kernel instance;

    private final JShell shell;
    private final NotebookExecutionControl.Provider provider = new NotebookExecutionControl.Provider();
    private final ResultLog log;
    private final Path workDir;

    Kernel(ResultLog log, Path workDir) {
        this.log = log;
        this.workDir = workDir;
        this.shell = JShell.builder().executionEngine(provider, java.util.Map.of()).build();
        instance = this;
        try {
            evalCell(STARTUP);
        } catch (CellFailure e) {
            throw new IllegalStateException("the kernel's start-up code failed: " + e.getMessage(), e);
        }
    }

    /** Evaluates one cell; returns the value of its last expression (IJava's execute_result) or null. */
    Object evalCell(String source) throws CellFailure {
        String code;
        try {
            code = Magics.transform(source);
        } catch (UnsupportedOperationException e) {
            throw new CellFailure(e.getMessage());
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            last = evalSnippet(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellFailure("incomplete input at the end of the cell:\n" + info.remaining().trim());
        }
        return last;
    }

    private Object evalSnippet(String code) throws CellFailure {
        if (provider.started()) {
            provider.control().takeLastFailure();   // a failure of an earlier snippet is not this one's
        }
        List<SnippetEvent> events = shell.eval(code);
        Object result = null;
        for (SnippetEvent event : events) {
            String key = event.value();
            if (key == null) {
                continue;
            }
            Snippet.SubKind kind = event.snippet().subKind();
            Object value = kind.isExecutable() ? provider.control().takeResult(key) : key;
            result = switch (kind) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value;
                default -> null;
            };
        }
        provider.control().clearResults();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            JShellException e = event.exception();
            if (e != null) {
                throw new CellFailure(describe(event.snippet(), e));
            }
            if (!event.status().isDefined()) {
                throw new CellFailure(compileError(event.snippet()));
            }
        }
        return result;
    }

    private String describe(Snippet snippet, JShellException e) {
        Throwable actual = provider.control().takeLastFailure();
        StringBuilder b = new StringBuilder();
        if (e instanceof UnresolvedReferenceException u) {
            b.append("unresolved reference: ").append(u.getSnippet().source().trim()).append(" cannot run until ")
                    .append(shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", ")))
                    .append(" is declared");
        } else if (actual != null) {
            b.append(stackTrace(actual));
        } else if (e instanceof EvalException ee) {
            b.append(ee.getExceptionClassName()).append(": ").append(ee.getMessage());
        } else {
            b.append(e);
        }
        return "exception in\n" + indent(snippet.source().trim()) + "\n" + b;
    }

    private String compileError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        lines.add("compile error (" + snippet.kind() + ", " + shell.status(snippet) + ") in\n"
                + indent(snippet.source().trim()));
        shell.diagnostics(snippet).forEach((Diag d) -> lines.add(position(snippet.source(), d) + d.getMessage(null)));
        if (snippet instanceof DeclarationSnippet decl) {
            List<String> missing = shell.unresolvedDependencies(decl).toList();
            if (!missing.isEmpty()) {
                lines.add("unresolved dependencies: " + String.join(", ", missing));
            }
        }
        return String.join("\n", lines);
    }

    private static String position(String source, Diag d) {
        if (d.getStartPosition() < 0) {
            return "";
        }
        int line = 1;
        for (int i = 0; i < Math.min(d.getStartPosition(), source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return "snippet line " + line + ": ";
    }

    private static String indent(String s) {
        return s.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    }

    /** The trace down to the JShell wrapper frames, with causes. */
    private static String stackTrace(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(c == t ? "" : "Caused by: ").append(c).append('\n');
            int shown = 0;
            for (StackTraceElement el : c.getStackTrace()) {
                if (el.getClassName().startsWith("jdk.internal.reflect") || shown >= 12) {
                    break;
                }
                b.append("\tat ").append(el).append('\n');
                shown++;
            }
        }
        return b.toString().stripTrailing();
    }

    ResultLog log() {
        return log;
    }

    @Override
    public void close() {
        shell.close();
    }

    // ---- called from snippets -------------------------------------------------------------

    /** IJava's {@code display(Object)}: shows the value as a display_data output; returns its id. */
    public static String display(Object value) {
        current().log.display(Renderer.render(value));
        return UUID.randomUUID().toString();
    }

    /** The target of the {@code lineMagic(...)} calls that line magics are rewritten into. */
    public static Object lineMagic(String name, List<String> args) {
        Kernel k = current();
        List<String> added = new ArrayList<>();
        switch (name) {
            case "jars", "classpath" -> {
                boolean filesOnly = name.equals("jars");
                for (String pattern : args) {
                    List<Path> found = Magics.glob(pattern, k.workDir, filesOnly);
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException("%" + name + " " + pattern + ": no "
                                + (filesOnly ? "file" : "path") + " matches (relative to " + k.workDir + ")");
                    }
                    found.forEach(p -> added.add(p.toAbsolutePath().toString()));
                }
            }
            case "maven" -> {
                try {
                    added.addAll(MavenResolver.resolve(args));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("%maven failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("%maven was interrupted", e);
                }
            }
            default -> throw new UnsupportedOperationException("line magic %" + name
                    + " is not supported by the notebook runner (it knows %jars, %classpath and %maven)");
        }
        added.forEach(k.shell::addToClasspath);
        return added;
    }

    private static Kernel current() {
        Kernel k = instance;
        if (k == null) {
            throw new IllegalStateException("no notebook kernel is running");
        }
        return k;
    }

    /** A cell that did not run through: compile error, exception or incomplete source. */
    static final class CellFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CellFailure(String message) {
            super(message);
        }
    }
}
