package org.captchalab.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;
import org.junit.jupiter.api.Test;

class AnalysisViewModelTest {

    private final FakeWorkspace ws = new FakeWorkspace(60);
    private final DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
    private final BrowserViewModel browser = new BrowserViewModel(Background.DIRECT);
    private final AnalysisViewModel vm = new AnalysisViewModel(() -> state, browser, Background.DIRECT);

    @Test
    void countsConfusionsPerPositionAndAccuracy() {
        browser.setDataset(state);
        vm.positionProperty().set(1);
        vm.recount();
        Confusion c = vm.confusionProperty().get();
        long labelled = ws.rows().stream().filter(SampleRow::labelled).count();
        assertThat(c.images()).isEqualTo((int) labelled);
        int z = c.chars().indexOf('z');
        int wrong = 0;
        for (int t = 0; t < c.chars().length(); t++) {
            if (t != z) {
                wrong += c.counts()[t][z];
            }
        }
        long expectedWrong = ws.rows().stream().filter(r -> r.labelled() && r.index() % 3 == 0 && r.label().charAt(1) != 'z').count();
        assertThat(wrong).isEqualTo((int) expectedWrong);
        assertThat(c.positionAccuracy()[0]).isEqualTo(1.0);
        assertThat(c.positionAccuracy()[1]).isLessThan(1.0);
    }

    /** A model that knows more characters than the labels use: its misreadings into them get their own column. */
    @Test
    void aPredictedCharacterOutsideTheDatasetsAlphabetGetsItsOwnColumn() {
        SampleRow[] rows = {
            row(0, "abab", "a7ab", Split.TEST),
            row(1, "abab", "abab", Split.TEST),
            row(2, "baba", "b9ba", Split.TRAIN),
        };
        Confusion test = Confusion.count(rows, "ab", 4, 1, Split.TEST);
        assertThat(test.chars()).isEqualTo("ab7");
        assertThat(test.counts()[test.chars().indexOf('b')][test.chars().indexOf('7')]).isEqualTo(1);
        assertThat(test.describe(1, 2)).isEqualTo("true 'b' read as '7': 1 image (50.0% of 'b')");
        assertThat(test.positionAccuracy()[1]).isEqualTo(0.5);
        Confusion all = Confusion.count(rows, "ab", 4, 1, null);
        assertThat(all.chars()).isEqualTo("ab79");
        assertThat(all.counts()[all.chars().indexOf('a')][all.chars().indexOf('9')]).isEqualTo(1);
        assertThat(Confusion.count(rows, "ab", 4, 0, null).chars()).as("the first characters, read right everywhere").isEqualTo("ab");
    }

    private static SampleRow row(int index, String label, String predicted, Split split) {
        List<List<Candidate>> positions = predicted.chars().mapToObj(c -> List.of(new Candidate((char) c, 0.9))).toList();
        return new SampleRow(index, index + ".png", label, label, split, false, 0, new SamplePrediction(positions));
    }

    /**
     * Images 0 and 1 are identical with different labels: eval leaves both out (neither label can be trusted), and
     * so does the tab, saying so; the full-sequence accuracy is given beside the per-position figures.
     */
    @Test
    void conflictingDuplicatesAreLeftOutAsEvalLeavesThemOutAndTheHeaderSaysSo() {
        FakeWorkspace pair = new FakeWorkspace(60).identical(0, 1);
        DatasetState withPair = new DatasetState(pair, pair.rows(), Background.DIRECT);
        AnalysisViewModel analysis = new AnalysisViewModel(() -> withPair, browser, Background.DIRECT);
        analysis.recount();
        Confusion c = analysis.confusionProperty().get();
        List<SampleRow> counted = pair.rows().stream().filter(r -> r.labelled() && r.index() > 1).toList();
        assertThat(c.images()).isEqualTo(counted.size());
        assertThat(c.conflictsLeftOut()).isEqualTo(2);
        assertThat(c.summary()).isEqualTo(counted.size() + " labelled images with a prediction (2 conflicting duplicates left out)");
        long whole = counted.stream().filter(r -> r.prediction().text().equals(r.label())).count();
        assertThat(c.sequenceAccuracy()).isEqualTo(whole / (double) counted.size());
        assertThat(c.sequenceAccuracy()).isLessThan(c.positionAccuracy()[0]);

        // correcting one of them ends the conflict: both are counted again, and the header says nothing of it
        withPair.saveLabel(0, pair.rows().get(1).label(), e -> { });
        analysis.recount();
        assertThat(analysis.confusionProperty().get().images()).isEqualTo(counted.size() + 2);
        assertThat(analysis.confusionProperty().get().summary()).doesNotContain("conflicting");
    }

    @Test
    void clickingACellShowsNoConflictingDuplicateTheMatrixLeftOut() {
        SampleRow[] rows = {
            row(0, "abab", "aaab", Split.TEST),
            new SampleRow(1, "1.png", "abab", "abab", Split.TEST, true, 0, row(1, "abab", "aaab", Split.TEST).prediction()),
        };
        Confusion c = Confusion.count(rows, "ab", 4, 1, null);
        assertThat(c.counts()[1][0]).isEqualTo(1);
        SampleFilter cell = SampleFilter.confusion(1, 'b', 'a', null);
        assertThat(java.util.Arrays.stream(rows).filter(cell::test).map(SampleRow::index)).containsExactly(0);
    }

    @Test
    void figuresOverImagesTheModelTrainedOnCarryAWarning() {
        assertThat(vm.heldOutNoteBinding().get()).as("a model from elsewhere: every image is held out").isEmpty();
        vm.modelTrainedHereProperty().set(true);
        vm.splitProperty().set(null); // all images, chosen
        assertThat(vm.heldOutNoteBinding().get()).startsWith("These figures count the images this model was trained on too");
        vm.splitProperty().set(Split.TRAIN);
        assertThat(vm.heldOutNoteBinding().get()).contains("not held out");
        vm.splitProperty().set(Split.TEST);
        assertThat(vm.heldOutNoteBinding().get()).isEmpty();
        vm.splitProperty().set(Split.VAL);
        assertThat(vm.heldOutNoteBinding().get()).isEmpty();
    }

    @Test
    void aModelTrainedHereStartsTheTabOnTheTestSplitButNeverOverridesTheUsersChoice() {
        vm.modelTrainedHereProperty().set(true);
        assertThat(vm.splitProperty().get()).isEqualTo(Split.TEST);
        vm.modelTrainedHereProperty().set(false); // a model from elsewhere: every image is held out again
        assertThat(vm.splitProperty().get()).isNull();

        vm.splitProperty().set(Split.VAL); // the user's choice
        vm.modelTrainedHereProperty().set(true);
        vm.modelTrainedHereProperty().set(false);
        assertThat(vm.splitProperty().get()).isEqualTo(Split.VAL);
        vm.splitProperty().set(null); // all, chosen knowingly
        vm.modelTrainedHereProperty().set(true);
        assertThat(vm.splitProperty().get()).isNull();
        assertThat(vm.heldOutNoteBinding().get()).isNotEmpty();
    }

    /** The first true character that is read as character {@code predicted} (by index) at least once, or -1. */
    static int misreadAs(Confusion c, int predicted) {
        for (int i = 0; i < c.chars().length(); i++) {
            if (i != predicted && c.counts()[i][predicted] > 0) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void clickingACellFiltersTheGridToExactlyThatCell() {
        browser.setDataset(state);
        vm.positionProperty().set(1);
        vm.splitProperty().set(Split.TRAIN);
        vm.recount();
        Confusion c = vm.confusionProperty().get();
        int z = c.chars().indexOf('z');
        int t = misreadAs(c, z);
        vm.showCell(t, z);
        assertThat(browser.filterProperty().get().kind()).isEqualTo(SampleFilter.Kind.CONFUSION);
        assertThat(browser.visibleProperty().get()).hasSize(c.counts()[t][z]);
        for (int i : browser.visibleProperty().get()) {
            assertThat(ws.rows().get(i).split()).isEqualTo(Split.TRAIN);
        }
    }
}
