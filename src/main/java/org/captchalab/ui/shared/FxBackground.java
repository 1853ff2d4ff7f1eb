package org.captchalab.ui.shared;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's {@link Background}: a small pool of daemon threads at a lower priority than the FX thread
 * ({@link BackgroundThreads}), results delivered with
 * {@link Platform#runLater}. The workbench uses three: a general pool, its pool for long jobs, and a single-thread
 * queue for the store.
 */
public final class FxBackground implements Background {

    private static final Logger LOG = LoggerFactory.getLogger(FxBackground.class);
    private final AtomicInteger counter = new AtomicInteger();
    private final ExecutorService pool;
    private final FxBackground longJobs;

    /** {@code threads} workers named {@code name-N}; one worker keeps jobs in submission order. */
    public FxBackground(String name, int threads) {
        this(name, threads, null);
    }

    /** As {@link #FxBackground(String, int)}, with its own pool for {@link #longJobs()} (null: this one). */
    public FxBackground(String name, int threads, FxBackground longJobs) {
        pool = Executors.newFixedThreadPool(threads,
                r -> BackgroundThreads.create(name + "-" + counter.incrementAndGet(), r));
        this.longJobs = longJobs;
    }

    @Override
    public Background longJobs() {
        return longJobs == null ? this : longJobs;
    }

    @Override
    public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
        try {
            submit(name, work, onDone, onError);
        } catch (RejectedExecutionException e) {
            // the window is closing: nothing new starts
            LOG.info("background job '{}' not run: the window is closing", name);
        }
    }

    private <T> void submit(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
        pool.execute(() -> {
            try {
                T result = work.call();
                later(name, () -> onDone.accept(result));
            } catch (Exception e) {
                LOG.warn("background job '{}' failed", name, e);
                later(name, () -> onError.accept(e));
            } catch (Throwable t) {
                LOG.error("background job '{}' failed badly", name, t);
                later(name, () -> onError.accept(new RuntimeException(t.toString(), t)));
            }
        });
    }

    /** Hands a result to the FX thread; a label save that ends after the window closed has no one to tell. */
    private static void later(String name, Runnable action) {
        try {
            Platform.runLater(action);
        } catch (IllegalStateException e) {
            LOG.info("background job '{}' ended after JavaFX had stopped", name);
        }
    }

    @Override
    public void onFx(Runnable action) {
        Platform.runLater(action);
    }

    /** Stops at once: queued jobs are dropped and running ones interrupted. For work that may be thrown away. */
    public void shutdown() {
        pool.shutdownNow();
        if (longJobs != null) {
            longJobs.shutdown();
        }
    }

    /**
     * Takes no new jobs but lets the queued ones run (label saves the window already shows), and keeps the JVM up
     * until they have, for at most {@code limitSeconds}: a thread that is not a daemon waits for them, then runs
     * {@code then} (off the FX thread). Returns that thread.
     */
    public Thread finishQueued(long limitSeconds, Runnable then) {
        pool.shutdown();
        Thread waiter = new Thread(() -> {
            try {
                if (!pool.awaitTermination(limitSeconds, TimeUnit.SECONDS)) {
                    LOG.error("jobs still queued after {} s at close; leaving them", limitSeconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        }, "finish-queued");
        waiter.setDaemon(false);
        waiter.start();
        return waiter;
    }
}
