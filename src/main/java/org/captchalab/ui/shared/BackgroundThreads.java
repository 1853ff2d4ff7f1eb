package org.captchalab.ui.shared;

import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class BackgroundThreads {

    public static final int NICE = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThreads.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

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
            String tid = THREAD_SELF.toRealPath().getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                LOG.debug("renice did not lower thread {}", tid);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("thread priority not lowered: {}", e.toString());
        }
    }
}
