package org.captchalab;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Runs the program in a child JVM whose glibc allocator keeps freed native memory for reuse (Linux only).
 *
 * <p>Why: ND4J's ops and the oneDNN primitives behind them allocate their temporary buffers with {@code malloc}
 * on every call, blocks of several to tens of megabytes. With glibc's defaults such blocks come from fresh
 * {@code mmap}s, or are trimmed back to the system when freed, so every training step writes to pages the kernel
 * has to fault in and zero again: 30,000-40,000 minor page faults per step of the {@code seed} network at batch 64,
 * most of them inside the first convolution's backward pass (76 ms, 47 ms with these settings). Training runs
 * 1.2-1.4x faster with them (measured, see the README's speed section); inference hardly allocates and is
 * unchanged.
 *
 * <p>Why a child process: glibc reads these settings only from the environment when a process starts, and Java 17
 * cannot call {@code mallopt}. So {@link Launcher} runs its own command line again (as the kernel recorded it, so
 * {@code -jar}, argument files and the {@code JAVA_TOOL_OPTIONS} family behave as they did the first time) with the
 * settings added to the environment; the parent only waits and exits with the child's status. Settings the user
 * put in the environment are kept, and when all three are there no restart is needed.
 * {@value #MARKER}{@code =default} turns this off (one process, glibc's defaults).
 */
public final class MallocTuning {

    /** Environment variable: {@code default} (set by the user) turns the restart off. */
    public static final String MARKER = "CAPTCHALAB_MALLOC";
    static final String TUNED = "tuned";
    /** Environment variable the child gets: its parent's pid. */
    static final String PARENT = "CAPTCHALAB_MALLOC_PARENT";
    /** How long a stopping parent waits for the child's own shutdown before it kills it. */
    static final long STOP_WAIT_SECONDS = 20;

    /**
     * glibc's environment settings: blocks up to 32 MB (the most glibc allows) come from the heap instead of mmap;
     * freed memory is kept up to 1 GB before it is trimmed; the heap grows 64 MB at a time.
     */
    public static final Map<String, String> SETTINGS = Map.of(
            "MALLOC_MMAP_THRESHOLD_", String.valueOf(32L << 20),
            "MALLOC_TRIM_THRESHOLD_", String.valueOf(1L << 30),
            "MALLOC_TOP_PAD_", String.valueOf(64L << 20));

    private MallocTuning() {
    }

    /**
     * What this process runs with: {@code tuned} when the three settings are in its environment (put there by the
     * restart or by the user), else {@code default}.
     */
    public static String state() {
        return hasAllSettings(System.getenv()) ? TUNED : "default";
    }

    private static boolean hasAllSettings(Map<String, String> env) {
        return env.keySet().containsAll(SETTINGS.keySet());
    }

    /**
     * The first thing a main does: unless this process should do the work itself (see {@link #applies}), runs the
     * same command line again in a child with the settings, waits for it and exits with its status, never
     * returning. In that child it returns at once, after arranging for the child to exit if its parent is killed
     * without a chance to stop it (SIGKILL).
     */
    public static void handOverToTunedChild() {
        Map<String, String> env = System.getenv();
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isPresent() && String.valueOf(parent.get().pid()).equals(env.get(PARENT))) {
            // the child: when the parent is gone (even killed with SIGKILL), stop as if told to (shutdown hooks run)
            parent.get().onExit().thenRun(() -> System.exit(143));
            return;
        }
        if (!applies(env, System.getProperty("os.name", ""), ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            return;
        }
        Optional<List<String>> cmd = ownCommandLine();
        if (cmd.isEmpty()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(cmd.get()).inheritIO();
        pb.environment().putAll(childEnvironment(env, ProcessHandle.current().pid()));
        Process child;
        try {
            child = pb.start();
        } catch (Exception e) {
            // the logger is looked up only here: the parent process has nothing else to log
            LoggerFactory.getLogger(MallocTuning.class).warn("could not restart with tuned malloc settings; going on with glibc's defaults", e);
            return;
        }
        // a kill of this process (Ctrl-C in a terminal reaches both) stops the child too, and waits for it to finish
        // its own shutdown (a run's last checkpoint)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "stop-child"));
        int status;
        while (true) {
            try {
                status = child.waitFor();
                break;
            } catch (InterruptedException e) {
                // nothing interrupts the main thread on purpose; keep waiting for the child
            }
        }
        System.exit(status);
    }

    /**
     * This process's command line as the kernel holds it ({@code /proc/self/cmdline}), with the executable's full
     * path first. Read directly: {@code ProcessHandle.Info.arguments()} comes back empty for long command lines,
     * such as a class path of a few hundred jars.
     */
    static Optional<List<String>> ownCommandLine() {
        Optional<String> exe = ProcessHandle.current().info().command();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (args.isEmpty() || exe.isEmpty()) {
                return Optional.empty();
            }
            args.set(0, exe.get());
            return Optional.of(args);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    /**
     * Whether to restart: on Linux, unless the settings are in the environment already, the user turned it off
     * ({@value #MARKER}{@code =default}), or an agent or recorder is attached. A debugger listening on a port would
     * clash with the child's, and its breakpoints would be in the wrong process; a profiler, Flight Recorder or a
     * class-data archive written at exit would be written by both processes, the parent's last.
     */
    static boolean applies(Map<String, String> env, String osName, List<String> jvmOptions) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux") || "default".equals(env.get(MARKER))
                || hasAllSettings(env)) {
            return false;
        }
        return jvmOptions.stream().noneMatch(o -> o.startsWith("-agentlib:") || o.startsWith("-agentpath:")
                || o.startsWith("-javaagent:") || o.startsWith("-Xrunjdwp") || o.startsWith("-XX:StartFlightRecording")
                || o.startsWith("-XX:ArchiveClassesAtExit") || o.equals("-XX:+AlwaysPreTouch"));
    }

    /**
     * The variables to add to the child's environment: the settings the user has not set, and the parent's pid
     * (which also keeps the child from restarting again).
     */
    static Map<String, String> childEnvironment(Map<String, String> env, long parentPid) {
        Map<String, String> add = new HashMap<>();
        SETTINGS.forEach((k, v) -> {
            if (!env.containsKey(k)) {
                add.put(k, v);
            }
        });
        add.put(PARENT, String.valueOf(parentPid));
        return add;
    }
}
