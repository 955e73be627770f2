package org.vae4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code vae} command in a child JVM on the test classpath, as a user runs it: its real
 * stdout, stderr and exit status, and a process that can be killed.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A started child; its output goes to files so a chatty child never blocks on a full pipe. */
    record Running(Process process, Path stdout, Path stderr) {
        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        Result await(long timeoutSeconds) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the child did not finish in " + timeoutSeconds + " s:\n" + err());
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), err());
        }
    }

    /**
     * C1 only and the serial collector: the JVM and ND4J start in about half the time (measured
     * 7.8 s instead of 13 s on 2 busy cores) and the numbers computed are the same.
     */
    static Command command(List<String> args) {
        return new Command(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
    }

    /** JVM options and CLI arguments. */
    record Command(List<String> jvmOptions, List<String> args) {
        Command withJvmOptions(String... options) {
            List<String> o = new ArrayList<>(jvmOptions);
            o.addAll(List.of(options));
            return new Command(o, args);
        }

        Running start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(VaeCli.class.getName());
            cmd.addAll(args);
            Path out = Files.createTempFile("vae-child", ".out");
            Path err = Files.createTempFile("vae-child", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            // as the ./vae launcher does: OpenMP threads must not spin against OpenBLAS's on a busy machine
            pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
            return new Running(pb.start(), out, err);
        }
    }

    static Result run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        return command(args).start().await(timeoutSeconds);
    }
}
