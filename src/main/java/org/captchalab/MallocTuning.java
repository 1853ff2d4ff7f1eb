package org.captchalab;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.LoggerFactory;

/**
 * Runs the program in a child JVM whose glibc allocator keeps freed native memory for reuse (Linux only).
 *
 * <p>Why: ND4J's ops and the oneDNN primitives behind them allocate their temporary buffers with {@code malloc}
 * on every call, blocks of several to tens of megabytes. With glibc's defaults such blocks come from fresh
 * {@code mmap}s, or are trimmed back to the system when freed, so every training step writes to pages the kernel
 * has to fault in and zero again: 30,000-40,000 minor page faults per step of the {@code seed} network at batch 64,
 * most of them inside the first convolution's backward pass (72 ms, 45 ms with these settings). Training runs
 * about 1.25x faster with them (measured, see the README's speed section); inference hardly allocates and is
 * unchanged.
 *
 * <p>Why a child process: glibc reads these settings only from the environment when a process starts, and Java 17
 * cannot call {@code mallopt}. So {@link Launcher} starts the same main class again with the same JVM options,
 * class path and arguments, the settings added to its environment and {@value #MARKER}{@code =tuned} so that the
 * child does not do the same; the parent only waits and exits with the child's status. Settings the user put in
 * the environment are kept. {@value #MARKER}{@code =default} turns this off (one process, glibc's defaults).
 */
public final class MallocTuning {

    /** Environment variable: {@code tuned} in the child; {@code default} (set by the user) turns the restart off. */
    public static final String MARKER = "CAPTCHALAB_MALLOC";
    static final String TUNED = "tuned";

    /**
     * glibc's environment settings: blocks up to 32 MB (the most glibc allows) come from the heap instead of mmap;
     * freed memory is kept up to 1 GB before it is trimmed; the heap grows 64 MB at a time.
     */
    static final Map<String, String> SETTINGS = settings();

    private MallocTuning() {
    }

    private static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MALLOC_MMAP_THRESHOLD_", String.valueOf(32L << 20));
        m.put("MALLOC_TRIM_THRESHOLD_", String.valueOf(1L << 30));
        m.put("MALLOC_TOP_PAD_", String.valueOf(64L << 20));
        return Map.copyOf(m);
    }

    /** What this process runs with: {@code tuned} when it was started with the settings, else {@code default}. */
    public static String state() {
        return TUNED.equals(System.getenv(MARKER)) ? TUNED : "default";
    }

    /**
     * Runs {@code main} with {@code args} in a tuned child JVM and returns its exit status, or returns empty when
     * this process should do the work itself: not Linux, already the child, turned off, under a debugger, or the
     * child could not be started (logged).
     */
    public static OptionalInt runInTunedChild(Class<?> main, String[] args) {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!applies(System.getenv(), System.getProperty("os.name", ""), jvmOptions)) {
            return OptionalInt.empty();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            return OptionalInt.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(childCommand(java.toString(), jvmOptions,
                System.getProperty("java.class.path"), main.getName(), args)).inheritIO();
        pb.environment().putAll(childEnvironment(pb.environment()));
        Process child;
        try {
            child = pb.start();
        } catch (Exception e) {
            // the logger is looked up only here: the parent process has nothing else to log
            LoggerFactory.getLogger(MallocTuning.class).warn("could not restart with tuned malloc settings; going on with glibc's defaults", e);
            return OptionalInt.empty();
        }
        // a kill of this process (Ctrl-C in a terminal reaches both) must not leave the child running
        Thread stopChild = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
            }
        }, "stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        while (true) {
            try {
                int status = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stopChild);
                return OptionalInt.of(status);
            } catch (InterruptedException e) {
                // nothing interrupts the main thread on purpose; keep waiting for the child
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook stops the child
                return OptionalInt.of(1);
            }
        }
    }

    static boolean applies(Map<String, String> env, String osName, List<String> jvmOptions) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux") || env.containsKey(MARKER)) {
            return false;
        }
        // a debugger listening on a port would clash with the child's, and the breakpoints would be in the parent
        return jvmOptions.stream().noneMatch(o -> o.startsWith("-agentlib:jdwp") || o.startsWith("-Xrunjdwp"));
    }

    static List<String> childCommand(String java, List<String> jvmOptions, String classPath, String mainClass, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** The variables to add to the child's environment: the settings the user has not set, and the marker. */
    static Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> add = new HashMap<>();
        SETTINGS.forEach((k, v) -> {
            if (!env.containsKey(k)) {
                add.put(k, v);
            }
        });
        add.put(MARKER, TUNED);
        return add;
    }
}
