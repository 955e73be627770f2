package org.vae4j.notebooks.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code %maven group:artifact:version[:classifier] ...}: resolves the artifacts and their runtime
 * dependencies with Maven itself (a throw-away POM and {@code dependency:build-classpath}), using the
 * user's local repository and settings. IJava resolves from Maven Central with Ivy; the result, a set
 * of jars on the classpath, is the same.
 */
final class MavenResolver {
    private static final String PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath";

    private MavenResolver() {
    }

    static List<String> resolve(List<String> coordinates) throws IOException, InterruptedException {
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("%maven needs coordinates, e.g. %maven org.knowm.xchart:xchart:3.8.8");
        }
        Path dir = Files.createTempDirectory("notebook-maven");
        StringBuilder deps = new StringBuilder();
        for (String c : coordinates) {
            String[] p = c.split(":");
            if (p.length < 3 || p.length > 4 || Arrays.stream(p).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("%maven " + c + ": expected group:artifact:version[:classifier]");
            }
            deps.append("<dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(p[2]).append("</version>")
                    .append(p.length == 4 ? "<classifier>" + p[3] + "</classifier>" : "")
                    .append("</dependency>\n");
        }
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>notebook</groupId><artifactId>magic-maven</artifactId><version>0</version>
                  <packaging>pom</packaging>
                  <dependencies>
                  %s</dependencies>
                </project>
                """.formatted(deps), StandardCharsets.UTF_8);
        Path out = dir.resolve("classpath.txt");
        Path log = dir.resolve("mvn.log");
        // The local repository first (fast, and works without a network); then with remote lookups.
        int exit = maven(dir, out, log, true);
        if (exit != 0) {
            exit = maven(dir, out, log, false);
        }
        if (exit != 0 || !Files.exists(out)) {
            throw new IllegalStateException("%maven " + String.join(" ", coordinates) + ": Maven failed (exit "
                    + exit + "):\n" + Files.readString(log));
        }
        List<String> jars = new ArrayList<>();
        for (String e : Files.readString(out).trim().split(File.pathSeparator)) {
            if (!e.isBlank()) {
                jars.add(e);
            }
        }
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
        return jars;
    }

    private static int maven(Path dir, Path out, Path log, boolean offline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-q"));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(List.of("-f", dir.resolve("pom.xml").toString(), PLUGIN, "-Dmdep.includeScope=runtime",
                "-Dmdep.outputFile=" + out));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("%maven: Maven did not finish within 10 minutes: " + cmd);
        }
        return p.exitValue();
    }

    private static String mvn() {
        String home = System.getProperty("maven.home", "");
        if (!home.isBlank()) {
            Path bin = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(bin)) {
                return bin.toString();
            }
        }
        return "mvn";
    }
}
