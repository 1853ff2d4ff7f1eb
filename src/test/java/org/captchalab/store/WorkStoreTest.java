package org.captchalab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.Split;
import org.captchalab.dataset.SplitAssignment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkStoreTest {

    @TempDir
    Path tmp;

    Path dir;
    Dataset dataset;
    String first;

    @BeforeEach
    void makeDataset() throws Exception {
        dir = tmp.resolve("set");
        new CaptchaGenerator(11).writeAll(dir, 40);
        dataset = DatasetLoader.load(dir, DatasetOptions.defaults());
        first = dataset.samples().get(0).path();
    }

    @Test
    void keepsOriginalAndCurrentLabelsAcrossReopen() {
        String original = dataset.samples().get(0).label();
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.location().inDataset()).isTrue();
            assertThat(store.location().dbFile()).isEqualTo(dir.resolve(".captchalab/work.db"));
            assertThat(store.label(first)).isEqualTo(original);
            assertThat(store.setLabel(first, "zzzz")).isPresent();
            assertThat(store.setLabel(first, "zzzz")).isEmpty();
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.label(first)).isEqualTo("zzzz");
            assertThat(store.originalLabel(first)).isEqualTo(original);
            assertThat(store.editedPaths()).containsExactly(first);
            assertThat(store.applyTo(dataset).sample(first).orElseThrow().label()).isEqualTo("zzzz");
        }
    }

    @Test
    void undoAndRedoWorkAcrossSaves() {
        String original = dataset.samples().get(0).label();
        try (WorkStore store = WorkStore.open(dataset)) {
            store.setLabel(first, "aaaa");
            store.setLabel(first, "bbbb");
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.undo().orElseThrow().newLabel()).isEqualTo("aaaa");
            assertThat(store.label(first)).isEqualTo("aaaa");
            store.undo();
            assertThat(store.label(first)).isEqualTo(original);
            assertThat(store.canUndo()).isFalse();
            assertThat(store.undo()).isEmpty();
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.redo().orElseThrow().newLabel()).isEqualTo("aaaa");
            assertThat(store.label(first)).isEqualTo("aaaa");
            store.setLabel(first, "cccc");
            assertThat(store.canRedo()).as("a new edit clears redo").isFalse();
            List<Edit> history = store.history(first);
            assertThat(history).extracting(Edit::kind).containsExactly(Edit.Kind.EDIT, Edit.Kind.EDIT,
                    Edit.Kind.UNDO, Edit.Kind.UNDO, Edit.Kind.REDO, Edit.Kind.EDIT);
            assertThat(history.get(2).oldLabel()).isEqualTo("bbbb");
            assertThat(history.get(2).newLabel()).isEqualTo("aaaa");
            assertThat(history).allSatisfy(e -> assertThat(e.author()).isNotBlank());
        }
    }

    @Test
    void splitIsPersistedAndChangesOnlyWhenAsked() {
        SplitAssignment a;
        try (WorkStore store = WorkStore.open(dataset)) {
            a = store.assignment();
            assertThat(a.seed()).isEqualTo(SplitAssignment.DEFAULT_SEED);
            assertThat(a.byPath()).hasSize(40);
            assertThat(a.counts().get(Split.TRAIN)).isEqualTo(32);
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.assignment().byPath()).isEqualTo(a.byPath());
            assertThat(store.split(SplitAssignment.DEFAULT_SEED).byPath()).isEqualTo(a.byPath());
            SplitAssignment b = store.split(99);
            assertThat(b.seed()).isEqualTo(99);
            assertThat(b.byPath()).isNotEqualTo(a.byPath());
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.assignment().seed()).isEqualTo(99);
        }
    }

    @Test
    void aSplitAskedForBeforeTheImagesWereKnownIsComputedWhenTheyArrive() {
        try (WorkStore store = WorkStore.open(dir)) {
            assertThat(store.split(5).byPath()).isEmpty();
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            SplitAssignment a = store.assignment();
            assertThat(a.seed()).isEqualTo(5);
            assertThat(a.byPath()).hasSize(40);
            assertThat(a.counts().get(Split.TRAIN)).isEqualTo(32);
            assertThat(a.counts().get(Split.VAL)).isEqualTo(4);
        }
    }

    @Test
    void cachesPredictionsPerModel() {
        try (WorkStore store = WorkStore.open(dataset)) {
            CachedPrediction p = new CachedPrediction(first, "abcd", 0.5, Double.NaN, List.of(
                    new PositionGuess("aoe", List.of(0.9, 0.05, 0.01)), new PositionGuess("b", List.of(0.8))));
            store.putPredictions("m1", List.of(p));
            assertThat(store.prediction("m1", first)).contains(p);
            assertThat(store.prediction("m2", first)).isEmpty();
            assertThat(store.predictionModels()).containsExactly("m1");
            store.clearPredictions("m1");
            assertThat(store.predictions("m1")).isEmpty();
        }
    }
}
