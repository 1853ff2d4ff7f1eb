package org.captchalab.ui.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.HeldBackground;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.ComparedReadings;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelingViewModelTest {

    private FakeWorkspace ws;
    private BrowserViewModel browser;
    private LabelingViewModel vm;
    private final List<String> messages = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ws = new FakeWorkspace(30);
        browser = new BrowserViewModel(Background.DIRECT);
        browser.setDataset(new DatasetState(ws, ws.rows(), Background.DIRECT));
        vm = new LabelingViewModel(browser, messages::add);
    }

    @Test
    void checksLabelsLive() {
        vm.textProperty().set("ab");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).isEqualTo("2 of 4 characters");
        vm.textProperty().set("ab1d");
        assertThat(vm.problemProperty().get()).contains("not in the alphabet: 1");
        vm.textProperty().set("AbCd");
        assertThat(vm.validProperty().get()).isTrue();
    }

    @Test
    void withNoImageShownThereIsNothingToPromptFor() {
        assertThat(vm.imageShownProperty().get()).isTrue();
        browser.filterProperty().set(SampleFilter.of(SampleFilter.Kind.CORRECTED)); // none yet
        assertThat(browser.selectedRowProperty().get()).isNull();
        assertThat(vm.imageShownProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.validProperty().get()).isFalse();
        vm.textProperty().set("ab");
        assertThat(vm.problemProperty().get()).as("typing with no image: nothing to check against").isEmpty();
        assertThat(vm.save()).isFalse();
    }

    @Test
    void enterSavesFoldedLabelAndMovesToNextOfFilter() {
        browser.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
        browser.select(3);
        vm.textProperty().set("QWER");
        assertThat(vm.save()).isTrue();
        assertThat(ws.storedLabel(3)).isEqualTo("qwer");
        assertThat(browser.selectedProperty().get()).isEqualTo(6);
        assertThat(browser.dataset().row(3).corrected()).isTrue();
    }

    @Test
    void invalidLabelIsNotSaved() {
        vm.textProperty().set("abc");
        assertThat(vm.save()).isFalse();
        assertThat(ws.saved).isEmpty();
        assertThat(browser.selectedProperty().get()).isZero();
    }

    @Test
    void undoAndRedoAcrossSaves() {
        vm.undo();
        assertThat(vm.statusProperty().get()).isEqualTo("Nothing to undo");
        vm.redo();
        assertThat(vm.statusProperty().get()).isEqualTo("Nothing to redo");
        String original0 = ws.storedLabel(0);
        vm.textProperty().set("aaaa");
        vm.save();
        vm.textProperty().set("bbbb");
        vm.save();
        assertThat(browser.selectedProperty().get()).isEqualTo(2);
        vm.undo();
        assertThat(ws.storedLabel(1)).isEqualTo(ws.rows().get(1).originalLabel());
        assertThat(browser.selectedProperty().get()).isEqualTo(1);
        vm.undo();
        assertThat(ws.storedLabel(0)).isEqualTo(original0);
        assertThat(vm.textProperty().get()).isEqualTo(original0);
        vm.redo();
        assertThat(ws.storedLabel(0)).isEqualTo("aaaa");
        assertThat(browser.dataset().row(0).label()).isEqualTo("aaaa");
    }

    @Test
    void anUndoOrRedoAnsweredAfterAnotherFolderOpenedLeavesThatFolderAlone() {
        HeldBackground storeQueue = new HeldBackground();
        DatasetState first = new DatasetState(ws, ws.rows(), storeQueue);
        browser.setDataset(first);
        browser.select(25);
        String original25 = ws.storedLabel(25);
        vm.textProperty().set("zzzz");
        vm.save();
        storeQueue.drain();
        FakeWorkspace smaller = new FakeWorkspace(5);
        DatasetState second = new DatasetState(smaller, smaller.rows(), Background.DIRECT);

        vm.undo(); // Ctrl+Z on image 25 of the first folder ...
        browser.setDataset(second); // ... and a smaller folder opened before the store answered
        browser.select(3);
        String typed = vm.textProperty().get();
        String status = vm.statusProperty().get();
        storeQueue.run("undo");
        assertThat(ws.storedLabel(25)).as("undone in the first folder's store").isEqualTo(original25);
        assertThat(browser.selectedProperty().get()).isEqualTo(3);
        assertThat(vm.textProperty().get()).isEqualTo(typed);
        assertThat(vm.statusProperty().get()).isEqualTo(status);

        browser.setDataset(first);
        vm.redo();
        vm.redo(); // the second finds nothing to redo
        browser.setDataset(second);
        browser.select(3);
        storeQueue.drain();
        assertThat(ws.storedLabel(25)).as("redone in the first folder's store").isEqualTo("zzzz");
        assertThat(browser.selectedProperty().get()).isEqualTo(3);
        assertThat(vm.textProperty().get()).isEqualTo(typed);
        assertThat(vm.statusProperty().get()).as("not \"Nothing to redo\"").isEqualTo(status);
    }

    @Test
    void unlabelledStartsWithSuggestionAndAcceptTakesPrediction() {
        browser.select(9);
        assertThat(vm.textProperty().get()).isEqualTo(ws.rows().get(9).prediction().text());
        browser.select(3);
        assertThat(vm.acceptPrediction()).isTrue();
        assertThat(ws.storedLabel(3)).isEqualTo(ws.rows().get(3).prediction().text());
    }

    @Test
    void tabMovesWithoutSaving() {
        vm.textProperty().set("zzzz");
        vm.next();
        assertThat(ws.saved).isEmpty();
        assertThat(browser.selectedProperty().get()).isEqualTo(1);
        vm.previous();
        assertThat(vm.textProperty().get()).isEqualTo(ws.rows().get(0).label());
    }

    /** Images 0 and 1 are byte-identical with different labels: fixing one clears the warning on the other. */
    @Test
    void theConflictWarningFollowsTheLabelsOfTheIdenticalImages() {
        FakeWorkspace pair = new FakeWorkspace(30).identical(0, 1);
        BrowserViewModel b = new BrowserViewModel(Background.DIRECT);
        b.setDataset(new DatasetState(pair, pair.rows(), Background.DIRECT));
        LabelingViewModel labeling = new LabelingViewModel(b, messages::add);
        String right = pair.rows().get(1).label();
        b.select(1);
        b.select(0);
        assertThat(labeling.statusProperty().get()).contains("an identical image has another label");
        labeling.textProperty().set(right);
        assertThat(labeling.save()).isTrue();
        assertThat(b.selectedProperty().get()).isEqualTo(1);
        assertThat(labeling.statusProperty().get()).doesNotContain("identical image");
        labeling.undo(); // shows image 0 with its old, wrong label again
        assertThat(labeling.statusProperty().get()).contains("an identical image has another label");
        b.select(1);
        assertThat(labeling.statusProperty().get()).contains("an identical image has another label");
    }

    /**
     * While a run comparison filters the grid, the Label tab has both runs' readings of the image shown; another
     * filter ends the comparison, and with it the readings, even when the image stays selected.
     */
    @Test
    void duringARunComparisonBothRunsReadingsOfTheImageShownAreAtHand() {
        assertThat(vm.comparedProperty().get()).as("no comparison on").isNull();
        String label3 = ws.rows().get(3).label();
        String label5 = ws.rows().get(5).label();
        ComparedReadings at3 = new ComparedReadings("first", FakeWorkspace.prediction(label3, 0.9), "second",
                FakeWorkspace.prediction("zzzz", 0.6));
        ComparedReadings at5 = new ComparedReadings("first", FakeWorkspace.prediction("zzzz", 0.7), "second",
                FakeWorkspace.prediction(label5, 0.8));
        browser.select(3);
        browser.filterProperty().set(SampleFilter.chosen("Right in one run only", java.util.Map.of(
                3, new SampleFilter.Tag("only A right", "B", at3.readingB(), at3),
                5, new SampleFilter.Tag("only B right", "A", at5.readingA(), at5))));
        assertThat(browser.selectedProperty().get()).isEqualTo(3);
        assertThat(vm.comparedProperty().get()).isSameAs(at3);
        vm.next();
        assertThat(browser.selectedProperty().get()).isEqualTo(5);
        assertThat(vm.comparedProperty().get()).isSameAs(at5);

        browser.filterProperty().set(SampleFilter.of(SampleFilter.Kind.ALL));
        assertThat(browser.selectedProperty().get()).as("the image stays").isEqualTo(5);
        assertThat(vm.comparedProperty().get()).isNull();
    }

    /** A chosen filter that is not a comparison (its tags carry no runs' readings) shows none. */
    @Test
    void aChosenFilterWithoutRunsReadingsShowsNone() {
        browser.filterProperty().set(SampleFilter.chosen("Picked", java.util.Map.of(0, SampleFilter.Tag.of("note"))));
        assertThat(browser.selectedProperty().get()).isZero();
        assertThat(vm.comparedProperty().get()).isNull();
    }

    /**
     * The readings are judged against what is typed, as far as it goes, once it differs from what the field was
     * filled with; against the stored label again when the edit is undone or another image is shown.
     */
    @Test
    void theReadingsAreJudgedAgainstTheLabelBeingTyped() {
        browser.select(1); // shown as the window shows an image: its label filled in
        String stored = ws.rows().get(1).label();
        assertThat(vm.textProperty().get()).isEqualTo(stored);
        assertThat(vm.judgedLabelProperty().get()).isEqualTo(stored);
        vm.textProperty().set("Q");
        assertThat(vm.judgedLabelProperty().get()).as("as typed so far, folded as it would be saved").isEqualTo("q");
        vm.textProperty().set("");
        assertThat(vm.judgedLabelProperty().get()).as("emptied: nothing to judge by").isEmpty();
        vm.textProperty().set(" " + stored.toUpperCase() + " ");
        assertThat(vm.judgedLabelProperty().get()).isEqualTo(stored);
        vm.textProperty().set("qwer");
        vm.next();
        assertThat(vm.judgedLabelProperty().get()).as("another image: its stored label")
                .isEqualTo(ws.rows().get(2).label());
        assertThat(ws.saved).as("judging saves nothing").isEmpty();

        browser.select(9); // unlabelled: the model's suggestion is filled in, and is not judged against itself
        assertThat(vm.textProperty().get()).isNotEmpty();
        assertThat(vm.judgedLabelProperty().get()).isNull();
        vm.textProperty().set("qwer");
        assertThat(vm.judgedLabelProperty().get()).isEqualTo("qwer");
        assertThat(vm.save()).isTrue();
        assertThat(ws.storedLabel(9)).isEqualTo("qwer");

        vm.undo(); // the field is filled with the stored label again
        assertThat(browser.selectedProperty().get()).isEqualTo(9);
        assertThat(vm.judgedLabelProperty().get()).isNull();
    }

    @Test
    void afterASaveOnTheLastImageTheOldLabelTypedBackIsJudgedAsTyped() {
        int last = ws.rows().size() - 1;
        browser.select(last);
        String old = vm.textProperty().get(); // what the field was filled with
        assertThat(old).isNotEqualTo("qwer").hasSize(4);
        vm.textProperty().set("qwer");
        assertThat(vm.save()).isTrue();
        assertThat(browser.selectedProperty().get()).as("no image after the last: it stays shown").isEqualTo(last);
        assertThat(vm.judgedLabelProperty().get()).isEqualTo("qwer");
        vm.textProperty().set(old); // the label before, typed back: the field shows it, so the readings judge it
        assertThat(vm.judgedLabelProperty().get()).isEqualTo(old);
        vm.textProperty().set("qwer");
        assertThat(vm.judgedLabelProperty().get()).isEqualTo("qwer");
    }

    @Test
    void aReadingIsJudgedPositionByPositionAgainstTheLabel() {
        assertThat(ComparedReadings.verdict(FakeWorkspace.prediction("abcd", 0.9), "abcd")).isEqualTo("right");
        assertThat(ComparedReadings.verdict(FakeWorkspace.prediction("abzd", 0.9), "abcd")).isEqualTo("wrong at #3");
        assertThat(ComparedReadings.verdict(FakeWorkspace.prediction("zbcz", 0.9), "abcd")).isEqualTo("wrong at #1, #4");
        assertThat(ComparedReadings.verdict(FakeWorkspace.prediction("abc", 0.9), "abcd")).isEqualTo("wrong at #4");
        assertThat(ComparedReadings.verdict(FakeWorkspace.prediction("abcd", 0.9), null)).isEmpty();
    }
}
