package org.captchalab.ui.shared;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import org.captchalab.ui.backend.LabelChange;
import org.captchalab.ui.backend.Workspace;

/**
 * The opened dataset as the FX thread sees it: an array of immutable {@link SampleRow}s plus a version that
 * goes up on every change, which views watch to re-filter.
 *
 * <p>Threading: every method is called on the FX thread. Store writes are queued on {@code storeQueue}, a
 * runner with a single worker so that saves, undos and redos reach SQLite in the order the user made them;
 * the row is updated at once (the user sees the new label immediately) and again with the stored values when
 * the write returns.
 */
public final class DatasetState {

    private final Workspace workspace;
    private final Background storeQueue;
    private final LabelRules rules;
    private final SampleRow[] rows;
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");

    public DatasetState(Workspace workspace, List<SampleRow> initialRows, Background storeQueue) {
        this.workspace = workspace;
        this.storeQueue = storeQueue;
        this.rules = new LabelRules(workspace.alphabet(), workspace.labelLength(), workspace.caseRule());
        this.rows = initialRows.toArray(new SampleRow[0]);
    }

    public Workspace workspace() {
        return workspace;
    }

    public LabelRules rules() {
        return rules;
    }

    public int size() {
        return rows.length;
    }

    public SampleRow row(int index) {
        return rows[index];
    }

    /** A copy of all rows for a background job; rows are immutable so the copy is consistent. */
    public SampleRow[] snapshot() {
        return rows.clone();
    }

    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    /**
     * Saves a label: shown at once, written to the store in order; if the write fails the row shows its old label
     * again and {@code onError} says why.
     */
    public void saveLabel(int index, String label, Consumer<Exception> onError) {
        SampleRow before = rows[index];
        SampleRow shown = before.withLabel(label, System.currentTimeMillis());
        rows[index] = shown;
        version.set(version.get() + 1);
        storeQueue.run("save label", () -> workspace.saveLabel(index, label), this::apply, e -> {
            // not written: the row goes back to what the store holds, unless a later edit has replaced it since
            if (rows[index] == shown) {
                rows[index] = before;
                version.set(version.get() + 1);
            }
            onError.accept(e);
        });
    }

    /**
     * Undoes the last saved edit; {@code onDone} receives the change (on the FX thread) when there was one, else
     * {@code onNothing} runs.
     */
    public void undo(Consumer<LabelChange> onDone, Runnable onNothing, Consumer<Exception> onError) {
        storeQueue.run("undo", workspace::undo, c -> c.ifPresentOrElse(ch -> {
            apply(ch);
            onDone.accept(ch);
        }, onNothing), onError);
    }

    /** Redoes the last undone edit; {@code onNothing} runs when there was none. */
    public void redo(Consumer<LabelChange> onDone, Runnable onNothing, Consumer<Exception> onError) {
        storeQueue.run("redo", workspace::redo, c -> c.ifPresentOrElse(ch -> {
            apply(ch);
            onDone.accept(ch);
        }, onNothing), onError);
    }

    private void apply(LabelChange change) {
        rows[change.index()] = rows[change.index()].withLabel(change.label(), change.editedAtMillis());
        version.set(version.get() + 1);
    }

    /** Applies fresh predictions (index to prediction) in one step. */
    public void applyPredictions(Map<Integer, SamplePrediction> predictions) {
        predictions.forEach((i, p) -> rows[i] = rows[i].withPrediction(p));
        version.set(version.get() + 1);
    }
}
