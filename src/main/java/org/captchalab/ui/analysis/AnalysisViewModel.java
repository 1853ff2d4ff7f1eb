package org.captchalab.ui.analysis;

import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.captchalab.dataset.Split;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SampleRow;

/**
 * The selected position and split, the resulting {@link Confusion}, and the command behind a heat-map click.
 * Recounts in the background when the rows change; only the latest count is applied.
 */
public final class AnalysisViewModel {

    private final Supplier<DatasetState> dataset;
    private final BrowserViewModel browser;
    private final Background background;
    private final IntegerProperty position = new SimpleIntegerProperty(this, "position", 0);
    private final ObjectProperty<Split> split = new SimpleObjectProperty<>(this, "split", null);
    private final ReadOnlyObjectWrapper<Confusion> confusion = new ReadOnlyObjectWrapper<>(this, "confusion");
    private final BooleanProperty modelTrainedHere = new SimpleBooleanProperty(this, "modelTrainedHere");
    private final StringBinding heldOutNote = Bindings.createStringBinding(this::heldOutNote, modelTrainedHere, split);
    private long generation;
    /** Whether the split shown was chosen by {@link #modelTrainedHere}'s rule, not by the user (FX thread). */
    private boolean splitChosenForModel;
    private boolean userChoseSplit;
    private boolean choosingSplit;

    public AnalysisViewModel(Supplier<DatasetState> dataset, BrowserViewModel browser, Background background) {
        this.dataset = dataset;
        this.browser = browser;
        this.background = background;
        position.addListener((o, a, b) -> recount());
        split.addListener((o, a, b) -> {
            if (!choosingSplit) {
                userChoseSplit = true;
                splitChosenForModel = false;
            }
            recount();
        });
        // a model trained on this folder has learnt its train split: the tab then starts on the held-out test split,
        // unless the user has chosen a split; the user may still choose all, with a warning
        modelTrainedHere.addListener((o, was, here) -> {
            if (here && split.get() == null && !userChoseSplit) {
                chooseSplit(Split.TEST);
                splitChosenForModel = true;
            } else if (!here && splitChosenForModel) {
                chooseSplit(null);
                splitChosenForModel = false;
            }
        });
    }

    public void recount() {
        long gen = ++generation;
        DatasetState ds = dataset.get();
        if (ds == null) {
            confusion.set(null);
            return;
        }
        SampleRow[] rows = ds.snapshot();
        String chars = ds.rules().alphabet().chars();
        int length = Math.max(1, ds.rules().length());
        int pos = Math.min(position.get(), length - 1);
        Split s = split.get();
        background.run("confusion", () -> Confusion.count(rows, chars, length, pos, s), c -> {
            if (gen == generation) {
                confusion.set(c);
            }
        }, e -> { });
    }

    private void chooseSplit(Split s) {
        choosingSplit = true;
        try {
            split.set(s);
        } finally {
            choosingSplit = false;
        }
    }

    /** Filters the grid to exactly the images of one cell. */
    public void showCell(int trueIndex, int predictedIndex) {
        Confusion c = confusion.get();
        if (c == null) {
            return;
        }
        browser.filterProperty().set(SampleFilter.confusion(c.position(), c.chars().charAt(trueIndex),
                c.chars().charAt(predictedIndex), split.get()));
    }

    private String heldOutNote() {
        if (!modelTrainedHere.get()) {
            return "";
        }
        if (split.get() == null) {
            return "These figures count the images this model was trained on too: choose test (or val) for held-out ones.";
        }
        return split.get() == Split.TRAIN
                ? "The train split holds the images this model learnt from: these figures are not held out." : "";
    }

    /** Whether the model shown was trained on this dataset, so that its train split is no measure of it. */
    public BooleanProperty modelTrainedHereProperty() {
        return modelTrainedHere;
    }

    /** A warning when the images counted include those the model was trained on; empty otherwise. */
    public StringBinding heldOutNoteBinding() {
        return heldOutNote;
    }

    public IntegerProperty positionProperty() {
        return position;
    }

    public ObjectProperty<Split> splitProperty() {
        return split;
    }

    public ReadOnlyObjectProperty<Confusion> confusionProperty() {
        return confusion.getReadOnlyProperty();
    }
}
