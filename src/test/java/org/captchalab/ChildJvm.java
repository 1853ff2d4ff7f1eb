package org.captchalab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on the test class path, for tests that need what one JVM cannot give
 * twice: a small heap, a native memory cap, a process that dies. Output goes through files, so a chatty
 * child can never block on a full pipe.
 */
public final class ChildJvm {

    /** How the child ended and everything it printed. */
    public record Result(int exitStatus, String out, String err) {
    }

    private ChildJvm() {
    }

    /**
     * @param scratch     a folder for the child's output files (and its log folder, {@code scratch/logs})
     * @param jvmOptions  e.g. {@code -Xmx320m}, {@code -Dname=value}
     * @param timeoutSecs a guard against a hung child (it is killed and the test fails); not a measurement
     */
    public static Result run(Path scratch, List<String> jvmOptions, Class<?> main, List<String> args, long timeoutSecs)
            throws IOException, InterruptedException {
        return run(scratch, jvmOptions, Map.of(), main, args, timeoutSecs);
    }

    /**
     * As {@link #run(Path, List, Class, List, long)}, with changes to the child's environment: each entry is set,
     * or removed when its value is the empty string.
     */
    public static Result run(Path scratch, List<String> jvmOptions, Map<String, String> env, Class<?> main,
            List<String> args, long timeoutSecs) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dcaptchalab.logdir=" + scratch.resolve("logs"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Path out = scratch.resolve("stdout.txt");
        Path err = scratch.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        changeEnvironment(pb, env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSecs, TimeUnit.SECONDS)) {
            // its own children first (a main that restarts itself, see MallocTuning)
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM " + main.getSimpleName() + " still running after " + timeoutSecs
                    + " s; its output: " + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The java executable of the JVM running the tests. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Sets each entry in the process's environment, or removes it when its value is the empty string. */
    public static void changeEnvironment(ProcessBuilder pb, Map<String, String> env) {
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
    }

    /** The child's log file (it holds the stack traces a user never sees). */
    public static String log(Path scratch) throws IOException {
        Path log = scratch.resolve("logs").resolve("captchalab.log");
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
