package org.captchalab.ui.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.captchalab.ui.shared.Background;

/**
 * A {@link Background} that holds its jobs until the test runs them, in any order (as a pool of threads may), so a
 * test can act between a job's start and its end. A job runs as {@link Background#DIRECT} runs it: its result or
 * error is handed back at once; jobs it starts in turn are held too.
 */
public final class HeldBackground implements Background {

    /** The held jobs' names, in the order they were asked for. */
    public final List<String> names = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Callable<?>> works = new ArrayList<>();

    @Override
    public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
        names.add(name);
        tasks.add(() -> DIRECT.run(name, work, onDone, onError));
        works.add(work);
    }

    /** Runs the work of the first held job of this name but not its callback, as when the FX thread has ended. */
    public void runWorkOnly(String name) throws Exception {
        int i = names.indexOf(name);
        assertThat(i).as("a pending '%s' job", name).isNotNegative();
        names.remove(i);
        tasks.remove(i);
        works.remove(i).call();
    }

    @Override
    public void onFx(Runnable action) {
        action.run();
    }

    /** Runs the held job at {@code index}. */
    public void runAt(int index) {
        names.remove(index);
        works.remove(index);
        tasks.remove(index).run();
    }

    /** Runs the first held job of this name; there must be one. */
    public void run(String name) {
        int i = names.indexOf(name);
        assertThat(i).as("a pending '%s' job", name).isNotNegative();
        runAt(i);
    }

    /** Runs the last held job of this name. */
    public void runLast(String name) {
        runAt(names.lastIndexOf(name));
    }

    /** Runs held jobs, first first, until none is left. */
    public void drain() {
        while (!tasks.isEmpty()) {
            runAt(0);
        }
    }

    /** How many jobs of this name are held. */
    public int pending(String name) {
        return (int) names.stream().filter(name::equals).count();
    }
}
