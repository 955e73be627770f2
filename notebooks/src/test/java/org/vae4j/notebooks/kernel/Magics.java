package org.vae4j.notebooks.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * IJava's magics, as far as the notebooks need them. Like IJava, a line whose first non-blank
 * character is {@code %} becomes a call {@code lineMagic("name", List.of(args...));{};} before the
 * cell is split into snippets, so the magic runs in its place among the cell's snippets and leaves
 * no value behind. {@code %jars} and {@code %classpath} take globs relative to the kernel's working
 * directory (the notebook's folder); {@code %maven} resolves coordinates through Maven.
 */
final class Magics {
    private static final Pattern LINE_MAGIC = Pattern.compile("^(\\s*)%(?!%)(\\S+)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\S+)");

    private Magics() {
    }

    /** The cell's source with its line magics turned into calls; cell magics are refused. */
    static String transform(String source) {
        Matcher cell = CELL_MAGIC.matcher(source);
        if (cell.find()) {
            throw new UnsupportedOperationException("cell magic %%" + cell.group(1)
                    + " is not supported by the notebook runner (it knows the line magics %jars, %classpath and"
                    + " %maven)");
        }
        String[] lines = source.split("\n", -1);
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                out.append(m.group(1)).append("lineMagic(").append(literal(m.group(2))).append(", List.of(")
                        .append(splitArgs(m.group(3)).stream().map(Magics::literal).collect(Collectors.joining(", ")))
                        .append("));{};");
            } else {
                out.append(lines[i]);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Splits magic arguments at blanks; double quotes group, a backslash escapes. */
    static List<String> splitArgs(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                cur.append(args.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Files or directories matching a glob ({@code *}, {@code ?}, {@code **}, {@code [..]}, {@code {a,b}}). */
    static List<Path> glob(String pattern, Path cwd, boolean filesOnly) {
        String p = pattern.replace('\\', '/');
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        int firstGlob = indexOfAny(p, "*?[{");
        if (firstGlob < 0) {
            Path path = cwd.resolve(p).normalize();
            boolean ok = filesOnly ? Files.isRegularFile(path) : Files.exists(path);
            return ok ? List.of(path) : List.of();
        }
        int slash = p.lastIndexOf('/', firstGlob);
        Path base = slash < 0 ? cwd : cwd.resolve(slash == 0 ? "/" : p.substring(0, slash)).normalize();
        String rest = p.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : (int) rest.chars().filter(c -> c == '/').count() + 1;
        try (Stream<Path> walk = Files.walk(base, depth)) {
            return walk.filter(x -> !x.equals(base))
                    .filter(x -> matcher.matches(base.relativize(x)))
                    .filter(x -> !filesOnly || Files.isRegularFile(x))
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + " for the pattern " + pattern, e);
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
