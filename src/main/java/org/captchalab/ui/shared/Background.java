package org.captchalab.ui.shared;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work off the FX thread and hands the result back on it. The work itself is a plain
 * {@link Callable} that knows nothing of JavaFX; ViewModels take a {@code Background} so that unit tests can
 * pass {@link #DIRECT}, which runs everything at once on the calling thread.
 */
public interface Background {

    /** Runs {@code work} on a worker; then {@code onDone} or {@code onError} on the FX thread. */
    <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError);

    /** Runs {@code action} on the FX thread later (immediately for {@link #DIRECT}). */
    void onFx(Runnable action);

    /**
     * Where jobs that take minutes go (predicting every image, comparing two runs), so that they never hold every
     * worker that short, interactive jobs (filtering the grid, decoding the large image) wait for. This one by
     * default.
     */
    default Background longJobs() {
        return this;
    }

    /** Synchronous runner for tests. */
    Background DIRECT = new Background() {
        @Override
        public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                onError.accept(e);
                return;
            }
            onDone.accept(result);
        }

        @Override
        public void onFx(Runnable action) {
            action.run();
        }
    };
}
