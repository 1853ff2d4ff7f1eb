package org.captchalab.ui.shared;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's {@link Background}: a small pool of daemon threads at a lower priority than the FX thread
 * ({@link BackgroundThreads}), results delivered with
 * {@link Platform#runLater}. The workbench uses two: a general pool and a single-thread queue for the store.
 */
public final class FxBackground implements Background {

    private static final Logger LOG = LoggerFactory.getLogger(FxBackground.class);
    private final AtomicInteger counter = new AtomicInteger();
    private final ExecutorService pool;

    /** {@code threads} workers named {@code name-N}; one worker keeps jobs in submission order. */
    public FxBackground(String name, int threads) {
        pool = Executors.newFixedThreadPool(threads,
                r -> BackgroundThreads.create(name + "-" + counter.incrementAndGet(), r));
    }

    @Override
    public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onDone.accept(result));
            } catch (Exception e) {
                LOG.warn("background job '{}' failed", name, e);
                Platform.runLater(() -> onError.accept(e));
            } catch (Throwable t) {
                LOG.error("background job '{}' failed badly", name, t);
                Platform.runLater(() -> onError.accept(new RuntimeException(t.toString(), t)));
            }
        });
    }

    @Override
    public void onFx(Runnable action) {
        Platform.runLater(action);
    }

    public void shutdown() {
        pool.shutdownNow();
    }
}
