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
}
