package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.junit.jupiter.api.Test;

/** What the rows show when the store refuses a save, with other changes arriving before the refusal does. */
class DatasetStateTest {

    /** A store queue that runs its jobs only when told, so a test can act between a save and its end. */
    private static final class HeldQueue implements Background {
        final List<Runnable> jobs = new ArrayList<>();

        @Override
        public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
            jobs.add(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onError.accept(e);
                    return;
                }
                onDone.accept(result);
            });
        }

        @Override
        public void onFx(Runnable action) {
            action.run();
        }

        void runAll() {
            List<Runnable> now = new ArrayList<>(jobs);
            jobs.clear();
            now.forEach(Runnable::run);
        }
    }

    private final FakeWorkspace ws = new FakeWorkspace(12);
    private final HeldQueue queue = new HeldQueue();
    private final DatasetState ds = new DatasetState(ws, ws.rows(), queue);
    private final List<Exception> errors = new ArrayList<>();

    @Test
    void aRefusedSaveShowsTheLabelTheStoreHoldsAndKeepsAPredictionThatCameMeanwhile() {
        ds.saveLabel(0, "bbbb", errors::add);
        queue.runAll();
        ws.failSaves = true;
        ds.saveLabel(0, "cccc", errors::add);
        SamplePrediction p = FakeWorkspace.prediction("cccc", 0.99);
        ds.applyPredictions(Map.of(0, p));
        assertThat(ds.row(0).label()).isEqualTo("cccc");
        queue.runAll();
        assertThat(errors).hasSize(1);
        assertThat(ds.row(0).label()).as("the last label stored").isEqualTo("bbbb");
        assertThat(ds.row(0).prediction()).isSameAs(p);
    }

    @Test
    void twoRefusedSavesOfOneImageEndOnTheLabelItWasOpenedWith() {
        String opened = ds.row(1).label();
        ws.failSaves = true;
        ds.saveLabel(1, "aaaa", errors::add);
        ds.saveLabel(1, "bbbb", errors::add);
        queue.runAll();
        assertThat(errors).hasSize(2);
        assertThat(ds.row(1).label()).isEqualTo(opened);
        assertThat(ds.row(1).editedAtMillis()).isEqualTo(ws.rows().get(1).editedAtMillis());
    }
}
