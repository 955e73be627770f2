package org.vae4j.notebooks.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Paths matching a glob with IJava's rules (its GlobFinder): segments split at {@code /}, only
     * {@code *} (any characters within one segment) and {@code ?} as wildcards, {@code \\*} and
     * {@code \\?} for the characters themselves; relative to {@code cwd}. A wildcard's last segment
     * matches files only, earlier ones directories. A pattern without wildcards names a file, or a
     * directory: for {@code %jars} all files in it, for {@code %classpath} the directory itself.
     * A pattern ending in {@code /} matches every file in the directories it matches.
     */
    static List<Path> glob(String pattern, Path cwd, boolean jars) {
        String p = pattern;
        boolean absolute = p.startsWith("/");
        List<String> segments = new ArrayList<>(List.of(p.split("/+")));
        segments.removeIf(String::isEmpty);
        if (p.endsWith("/") && !segments.isEmpty()) {
            segments.add("*");
        }
        Path base = absolute ? Path.of("/") : cwd;
        int i = 0;
        while (i < segments.size() && !hasWildcard(segments.get(i))) {
            base = base.resolve(unescape(segments.get(i++)));
        }
        base = base.normalize();
        if (i == segments.size()) {
            if (Files.isRegularFile(base)) {
                return List.of(base);
            }
            if (Files.isDirectory(base)) {
                if (!jars) {
                    return List.of(base);
                }
                try (Stream<Path> files = Files.list(base)) {
                    return files.filter(Files::isRegularFile).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + base, e);
                }
            }
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        collect(base, segments.subList(i, segments.size()), found);
        found.sort(null);
        return found;
    }

    private static void collect(Path dir, List<String> segments, List<Path> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern segment = segmentPattern(segments.get(0));
        boolean last = segments.size() == 1;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path e : entries.sorted().toList()) {
                if (!segment.matcher(e.getFileName().toString()).matches()) {
                    continue;
                }
                if (last && Files.isRegularFile(e)) {
                    into.add(e.normalize());
                } else if (!last && Files.isDirectory(e)) {
                    collect(e, segments.subList(1, segments.size()), into);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean hasWildcard(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\' && i + 1 < segment.length()) {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String literal) {
        return literal.replace("\\*", "*").replace("\\?", "?");
    }

    private static Pattern segmentPattern(String segment) {
        StringBuilder regex = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\' && i + 1 < segment.length() && (segment.charAt(i + 1) == '*' || segment.charAt(i + 1) == '?')) {
                literal.append(segment.charAt(++i));
            } else if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        return Pattern.compile(regex.append(Pattern.quote(literal.toString())).append('$').toString());
    }
}
