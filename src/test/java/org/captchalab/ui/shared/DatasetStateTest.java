package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.HeldBackground;
import org.junit.jupiter.api.Test;

/** What the rows show when the store refuses a save, with other changes arriving before the refusal does. */
class DatasetStateTest {

    private final FakeWorkspace ws = new FakeWorkspace(12);
    private final HeldBackground queue = new HeldBackground();
    private final DatasetState ds = new DatasetState(ws, ws.rows(), queue);
    private final List<Exception> errors = new ArrayList<>();

    @Test
    void aRefusedSaveShowsTheLabelTheStoreHoldsAndKeepsAPredictionThatCameMeanwhile() {
        ds.saveLabel(0, "bbbb", errors::add);
        queue.drain();
        ws.failSaves = true;
        ds.saveLabel(0, "cccc", errors::add);
        SamplePrediction p = FakeWorkspace.prediction("cccc", 0.99);
        ds.applyPredictions(Map.of(0, p));
        assertThat(ds.row(0).label()).isEqualTo("cccc");
        queue.drain();
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
        queue.drain();
        assertThat(errors).hasSize(2);
        assertThat(ds.row(1).label()).isEqualTo(opened);
        assertThat(ds.row(1).editedAtMillis()).isEqualTo(ws.rows().get(1).editedAtMillis());
    }

    /** Identical images 0 and 1 with different labels, and 8 (labelled) with 9 (unlabelled). */
    @Test
    void conflictFlagsFollowEveryLabelChangeOfAnIdenticalCopy() {
        FakeWorkspace pairs = new FakeWorkspace(12).identical(0, 1).identical(8, 9);
        DatasetState state = new DatasetState(pairs, pairs.rows(), queue);
        assertThat(state.row(0).conflict()).isTrue();
        assertThat(state.row(1).conflict()).isTrue();
        assertThat(state.row(8).conflict()).as("its copy has no label: nothing disagrees").isFalse();

        String right = state.row(1).label();
        state.saveLabel(0, right, errors::add);
        assertThat(state.row(0).conflict()).as("shown at once, as the label is").isFalse();
        assertThat(state.row(1).conflict()).isFalse();
        queue.drain();
        assertThat(state.row(1).conflict()).isFalse();

        state.undo(c -> { }, () -> { }, errors::add);
        queue.drain();
        assertThat(state.row(0).conflict()).as("undo brings the wrong label back").isTrue();
        assertThat(state.row(1).conflict()).isTrue();
        state.redo(c -> { }, () -> { }, errors::add);
        queue.drain();
        assertThat(state.row(0).conflict()).isFalse();
        assertThat(state.row(1).conflict()).isFalse();

        pairs.failSaves = true;
        state.saveLabel(1, "zzzz", errors::add);
        assertThat(state.row(0).conflict()).isTrue();
        queue.drain();
        assertThat(errors).hasSize(1);
        assertThat(state.row(1).label()).isEqualTo(right);
        assertThat(state.row(0).conflict()).as("the refused label is gone, and the conflict with it").isFalse();
        assertThat(state.row(1).conflict()).isFalse();

        pairs.failSaves = false;
        state.saveLabel(9, "qqqq", errors::add);
        queue.drain();
        assertThat(state.row(8).conflict()).as("the unlabelled copy now says otherwise").isTrue();
        assertThat(state.row(9).conflict()).isTrue();
        assertThat(state.row(2).conflict()).as("an image with no copy").isFalse();
    }
}
