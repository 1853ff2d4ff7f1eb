package org.captchalab.ui.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's background threads (workers, thumbnail decoding, training) run at a lower operating-system
 * priority than the FX and render threads, so that on a busy machine a frame is drawn before the next
 * minibatch. Java ignores {@link Thread#setPriority} on Linux, so each such thread asks {@code renice} to
 * raise its own nice value to {@value #NICE} when it starts; the threads it creates afterwards (ND4J's
 * OpenMP workers) inherit it. Lowering one's own priority needs no privileges. Best effort: elsewhere than
 * Linux, or without {@code renice}, the thread keeps its priority.
 *
 * <p>The JVM's JIT compiler threads are lowered too ({@link #lowerCompilerThreadsFromNowOn}): when a run starts
 * or a new model predicts, they compile for seconds on end (4.8 s of C2 CPU time in 12 s, measured on two
 * cores), and at the FX thread's priority they took its core while the run held the other. The JVM starts
 * compiler threads as the queue grows, so they are looked for every few seconds.
 */
public final class BackgroundThreads {

    public static final int NICE = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Set<String> LOWERED = ConcurrentHashMap.newKeySet();
    private static volatile Thread compilerWatch;

    private BackgroundThreads() {
    }

    /** A daemon thread that lowers its own priority, then runs {@code task}. Not started. */
    public static Thread create(String name, Runnable task) {
        Thread t = new Thread(() -> {
            lowerCurrentThread();
            task.run();
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Raises the calling thread's nice value to {@value #NICE} (Linux); otherwise does nothing. */
    public static void lowerCurrentThread() {
        if (!Files.exists(THREAD_SELF)) {
            return;
        }
        try {
            renice(List.of(THREAD_SELF.toRealPath().getFileName().toString()));
        } catch (IOException e) {
            LOG.debug("thread priority not lowered: {}", e.toString());
        }
    }

    /**
     * Lowers the JIT compiler threads of this JVM to {@value #NICE} from a daemon thread, at once and then every
     * two seconds (Linux; elsewhere nothing). Returns at once (the FX thread calls it); idempotent.
     */
    public static synchronized void lowerCompilerThreadsFromNowOn() {
        if (compilerWatch != null || !Files.isDirectory(TASKS)) {
            return;
        }
        Thread t = new Thread(() -> {
            while (true) {
                lowerCompilerThreads();
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "compiler-priority");
        t.setDaemon(true);
        t.start();
        compilerWatch = t;
    }

    /** Lowers the compiler threads not lowered (or tried) before. */
    static void lowerCompilerThreads() {
        List<String> found = new ArrayList<>();
        try (var tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String tid = task.getFileName().toString();
                if (LOWERED.contains(tid)) {
                    continue;
                }
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    if (niceOf(task) >= NICE) {
                        LOWERED.add(tid); // already there (e.g. the whole JVM runs niced): renice would only fail
                    } else {
                        found.add(tid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("compiler threads not listed: {}", e.toString());
            return;
        }
        if (!found.isEmpty()) {
            renice(found);
            // Tried once each, whether or not it worked: a renice that fails (none installed, no permission)
            // would fail again every two seconds.
            LOWERED.addAll(found);
        }
    }

    /** The nice value of a thread of this process (field 19 of its stat), or 0 if it cannot be read. */
    private static int niceOf(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Asks {@code renice} to set these threads of this process to {@value #NICE}; failures are only logged. */
    private static void renice(List<String> tids) {
        List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(NICE), "-p"));
        command.addAll(tids);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                LOG.debug("renice did not lower threads {}", tids);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("thread priority not lowered: {}", e.toString());
        }
    }
}
