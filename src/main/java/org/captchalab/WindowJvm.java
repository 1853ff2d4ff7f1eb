package org.captchalab;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the window in a JVM whose garbage collector keeps its pauses short.
 *
 * <p>Why: G1's default pause goal is 200 ms, so while the window trains and scrolls (hundreds of MB of
 * thumbnails, predictions and images alive, minibatches allocated every few milliseconds) it let the young
 * generation grow to about 1 GB and paused 30-60 ms, longer than the 50 ms the window may go without a frame.
 * With a 20 ms goal G1 collects a smaller young generation more often. A running JVM cannot change its
 * collector settings, and {@code java -jar} cannot take JVM options from the jar, so when the window is opened
 * by a JVM without a pause goal of its own, this starts the same class path again with it and waits.
 *
 * <p>Not for the command line: headless subcommands keep the JVM they were started in. Set
 * {@code -Dcaptchalab.relaunch=false}, or give any {@code -XX:MaxGCPauseMillis}, to keep the current JVM.
 */
final class WindowJvm {

    private static final Logger LOG = LoggerFactory.getLogger(WindowJvm.class);

    /** The options the window's JVM gets on top of the ones it was started with. */
    static final List<String> OPTIONS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");
    static final String RELAUNCH_PROPERTY = "captchalab.relaunch";

    private WindowJvm() {
    }

    /** Whether a JVM started with {@code jvmArgs} should start the window in a new one. */
    static boolean shouldRelaunch(List<String> jvmArgs, String relaunchProperty) {
        if ("false".equalsIgnoreCase(relaunchProperty)) {
            return false;
        }
        return jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:MaxGCPauseMillis=") || a.startsWith("-XX:+UseZGC")
                || a.startsWith("-XX:+UseShenandoahGC") || a.startsWith("-D" + RELAUNCH_PROPERTY + "="));
    }

    /**
     * The command that starts the window again: the same java, JVM options and class path, plus {@link #OPTIONS}
     * and a marker that stops a second relaunch.
     */
    static List<String> command(Path java, List<String> jvmArgs, String classPath, String mainClass, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(OPTIONS);
        cmd.add("-D" + RELAUNCH_PROPERTY + "=false");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs the window in a new JVM when this one lacks a pause goal: returns its exit status, or -1 when the window
     * should open in this JVM (not needed, or the new JVM could not be started).
     */
    static int runInTunedJvm(String[] args) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!shouldRelaunch(jvmArgs, System.getProperty(RELAUNCH_PROPERTY))) {
            return -1;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("java.class.path");
        if (!Files.isExecutable(java) || classPath == null || classPath.isBlank()) {
            return -1;
        }
        List<String> cmd = command(java, jvmArgs, classPath, Launcher.class.getName(), args);
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return p.waitFor();
        } catch (Exception e) {
            LOG.warn("could not start the window's JVM with {}; opening it in this one", OPTIONS, e);
            return -1;
        }
    }
}
