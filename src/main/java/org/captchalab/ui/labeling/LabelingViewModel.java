package org.captchalab.ui.labeling;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.captchalab.ui.backend.LabelChange;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.shared.ComparedReadings;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.Messages;
import org.captchalab.ui.shared.SampleRow;

/**
 * The label editor's state and commands. The typed text is checked live against the dataset's rules; a valid
 * label is saved to the store at once and the selection moves to the next image of the current filter.
 * Unlabelled images start with the model's reading filled in. While a run comparison filters the grid, it also
 * holds what both runs compared read on the image shown. The readings are judged against the label being typed
 * ({@link #judgedLabelProperty()}), so that their colours follow a correction as it is typed.
 *
 * <p>Threading: FX thread only; store writes go through {@link DatasetState}'s ordered queue.
 */
public final class LabelingViewModel {

    private final BrowserViewModel browser;
    private final Consumer<String> notifier;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper imageShown = new ReadOnlyBooleanWrapper(this, "imageShown");
    private final ReadOnlyObjectWrapper<ComparedReadings> compared = new ReadOnlyObjectWrapper<>(this, "compared");
    private final ReadOnlyStringWrapper judgedLabel = new ReadOnlyStringWrapper(this, "judgedLabel");
    private int shownIndex = -1;
    /**
     * What the field was last filled with for the image shown (its stored label, the model's suggestion or nothing),
     * as opposed to what the user typed: an unlabelled image's suggestion is not a label to judge the model by.
     */
    private String filledWith = "";
    /** The stored label of the image shown, as of the last {@link #show}, to tell when a save changed it. */
    private String shownStored;

    /** {@code notifier} receives plain messages for the user (store failures). */
    public LabelingViewModel(BrowserViewModel browser, Consumer<String> notifier) {
        this.browser = browser;
        this.notifier = notifier;
        text.addListener((o, a, b) -> {
            check();
            judge();
        });
        browser.selectedRowProperty().addListener((o, a, b) -> show(b));
        // a comparison starts and ends with its filter, which may keep the image shown
        browser.filterProperty().addListener((o, a, b) -> showCompared());
        imageShown.set(browser.selectedRowProperty().get() != null);
        showCompared();
        check();
        judge();
    }

    /**
     * The comparison's readings of the image shown, when the grid is filtered by a run comparison (the filter says
     * whether one is on: choosing another filter, loading a model or opening a folder ends it) and the image is
     * among those it chose; otherwise none.
     */
    private void showCompared() {
        SampleRow row = browser.selectedRowProperty().get();
        SampleFilter.Tag tag = row == null ? null : browser.filterProperty().get().tagOf(row.index());
        compared.set(tag == null ? null : tag.runs());
    }

    private void show(SampleRow row) {
        imageShown.set(row != null);
        showCompared();
        if (row == null) {
            shownIndex = -1;
            fill("");
            status.set("");
            check(); // nothing to label: no prompt
            return;
        }
        // Keep what the user is typing when only the row's data (e.g. its prediction) changed.
        boolean sameImage = row.index() == shownIndex;
        shownIndex = row.index();
        if (!sameImage) {
            fill(initialText(row));
        } else if (row.labelled() && !row.label().equals(shownStored)) {
            // saved while shown (the last image of the filter, which Save cannot move past): the field's text is
            // now the stored label, and what it was filled with before is no longer the text to call unedited
            filledWith = row.label();
        }
        shownStored = row.label();
        status.set(describe(row));
        judge(); // the stored label may have changed under the same text
    }

    /** Puts text in the field that the user did not type. */
    private void fill(String shown) {
        filledWith = shown;
        text.set(shown);
        judge(); // also when the text was already that
    }

    /**
     * Decides the label the readings are judged against: the typed text (as it would be saved) once it differs from
     * what the field was filled with, else the stored label. The typed text as far as it goes, not only once it is a
     * whole label: each position is judged as soon as it is typed, and one not typed yet is not judged against the old
     * label either, so that the cards always judge what the field shows. Runs on every keystroke: string work only.
     */
    private void judge() {
        DatasetState ds = browser.dataset();
        SampleRow row = browser.selectedRowProperty().get();
        if (ds == null || row == null) {
            judgedLabel.set(null);
            return;
        }
        String typed = ds.rules().normalise(text.get());
        boolean edited = !typed.equals(ds.rules().normalise(filledWith));
        judgedLabel.set(edited ? typed : row.labelled() ? row.label() : null);
    }

    private static String initialText(SampleRow row) {
        if (row.labelled()) {
            return row.label();
        }
        return row.prediction() == null ? "" : row.prediction().text();
    }

    private static String describe(SampleRow row) {
        StringBuilder sb = new StringBuilder(row.path());
        if (row.split() != null) {
            sb.append("  ·  ").append(row.split().id());
        }
        if (!row.labelled()) {
            sb.append("  ·  unlabelled").append(row.prediction() == null ? "" : " (model suggestion filled in)");
        } else if (row.corrected()) {
            sb.append("  ·  corrected (was ").append(row.originalLabel() == null ? "none" : row.originalLabel())
                    .append(')');
        }
        if (row.conflict()) {
            sb.append("  ·  an identical image has another label");
        }
        return sb.toString();
    }

    private void check() {
        DatasetState ds = browser.dataset();
        if (ds == null || browser.selectedRowProperty().get() == null) {
            problem.set("");
            valid.set(false);
            return;
        }
        String p = ds.rules().problem(text.get());
        problem.set(p == null ? "" : p);
        valid.set(p == null);
    }

    /** Saves the typed label and moves to the next image; returns false (nothing saved) if it is invalid. */
    public boolean save() {
        DatasetState ds = browser.dataset();
        SampleRow row = browser.selectedRowProperty().get();
        if (ds == null || row == null || !valid.get()) {
            return false;
        }
        String label = ds.rules().normalise(text.get());
        if (!label.equals(row.label())) {
            ds.saveLabel(row.index(), label, e -> notifier.accept("Could not save the label: " + Messages.oneLine(e)));
        }
        browser.next();
        return true;
    }

    /** Takes the model's reading as the label, saves it and moves on. */
    public boolean acceptPrediction() {
        SampleRow row = browser.selectedRowProperty().get();
        if (row == null || row.prediction() == null) {
            return false;
        }
        text.set(row.prediction().text());
        return save();
    }

    public void next() {
        browser.next();
    }

    public void previous() {
        browser.previous();
    }

    /**
     * Undoes the last save (whichever image it was on) and shows that image. The store answers later: if another
     * folder has been opened by then, what it shows is left alone (the image's index means nothing there).
     */
    public void undo() {
        DatasetState ds = browser.dataset();
        if (ds != null) {
            ds.undo(c -> reveal(ds, c), () -> say(ds, "Nothing to undo"),
                    e -> notifier.accept("Undo failed: " + Messages.oneLine(e)));
        }
    }

    /** Redoes the last undone save and shows its image, as {@link #undo()}. */
    public void redo() {
        DatasetState ds = browser.dataset();
        if (ds != null) {
            ds.redo(c -> reveal(ds, c), () -> say(ds, "Nothing to redo"),
                    e -> notifier.accept("Redo failed: " + Messages.oneLine(e)));
        }
    }

    private void reveal(DatasetState ds, LabelChange change) {
        if (browser.dataset() != ds) {
            return;
        }
        browser.select(change.index());
        SampleRow row = ds.row(change.index());
        fill(initialText(row));
        status.set(describe(row));
    }

    private void say(DatasetState ds, String line) {
        if (browser.dataset() == ds) {
            status.set(line);
        }
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether an image is shown to label (none when the grid's filter shows nothing). */
    public ReadOnlyBooleanProperty imageShownProperty() {
        return imageShown.getReadOnlyProperty();
    }

    /** What the two runs of a comparison read on the image shown; null when no comparison is on or chose it. */
    public ReadOnlyObjectProperty<ComparedReadings> comparedProperty() {
        return compared.getReadOnlyProperty();
    }

    /**
     * The label the model's readings of the image shown are judged against: the stored label (null when it has none)
     * until the user changes the text in the field, then what is typed, normalised as it would be saved, however
     * short ("" when the field is emptied); null when no image is shown. Saving does not use it.
     */
    public ReadOnlyStringProperty judgedLabelProperty() {
        return judgedLabel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
