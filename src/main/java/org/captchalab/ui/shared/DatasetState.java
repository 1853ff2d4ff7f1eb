package org.captchalab.ui.shared;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import org.captchalab.dataset.ConflictGroup;
import org.captchalab.dataset.LabelExport;
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
 *
 * <p>Conflict flags follow the labels: every label change (a save, its failure, an undo, a redo) sets the flag of
 * each byte-identical copy of the image again, by the loader's rule ({@link ConflictGroup#disagree}), so the
 * conflict filter, the label panel and a training run started here see the labels as they are now.
 */
public final class DatasetState {

    private final Workspace workspace;
    private final Background storeQueue;
    private final LabelRules rules;
    private final SampleRow[] rows;
    /** The rows as opened, and per image the label and time the store last confirmed since (FX thread only). */
    private final SampleRow[] initial;
    private final Map<Integer, LabelChange> stored = new HashMap<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");
    /** Per image that has byte-identical copies, the indices of all of them (itself included). */
    private final Map<Integer, int[]> identical = new HashMap<>();

    /** Builds the state; may read the workspace's groups of identical images, so construct it off the FX thread. */
    public DatasetState(Workspace workspace, List<SampleRow> initialRows, Background storeQueue) {
        this.workspace = workspace;
        this.storeQueue = storeQueue;
        this.rules = new LabelRules(workspace.alphabet(), workspace.labelLength(), workspace.caseRule());
        this.rows = initialRows.toArray(new SampleRow[0]);
        for (int[] group : workspace.identicalImages()) {
            for (int i : group) {
                identical.put(i, group);
            }
            reflag(group[0]);
        }
        this.initial = rows.clone();
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
        SampleRow shown = rows[index].withLabel(label, System.currentTimeMillis());
        rows[index] = shown;
        reflag(index);
        version.set(version.get() + 1);
        storeQueue.run("save label", () -> workspace.saveLabel(index, label), this::apply, e -> {
            // not written: the label goes back to the last one the store confirmed (a prediction that came since is
            // kept), unless a later edit of this image has replaced it since
            SampleRow now = rows[index];
            if (java.util.Objects.equals(now.label(), shown.label()) && now.editedAtMillis() == shown.editedAtMillis()) {
                LabelChange last = stored.get(index);
                rows[index] = last == null ? now.withLabel(initial[index].label(), initial[index].editedAtMillis())
                        : now.withLabel(last.label(), last.editedAtMillis());
                reflag(index);
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

    /**
     * Writes the labels to a labels CSV at {@code csv} on the store's queue, so that every save, undo and redo made
     * before is in it; then {@code onDone} with what was written, or {@code onError}.
     */
    public void exportLabels(Path csv, Consumer<LabelExport.Result> onDone, Consumer<Exception> onError) {
        storeQueue.run("export labels", () -> workspace.exportLabels(csv), onDone, onError);
    }

    /** A change the store has confirmed (a save, undo or redo). */
    private void apply(LabelChange change) {
        stored.put(change.index(), change);
        rows[change.index()] = rows[change.index()].withLabel(change.label(), change.editedAtMillis());
        reflag(change.index());
        version.set(version.get() + 1);
    }

    /** Sets the conflict flag of the image {@code index} and of its identical copies from their labels now. */
    private void reflag(int index) {
        int[] group = identical.get(index);
        if (group == null) {
            return;
        }
        List<String> labels = new ArrayList<>(group.length);
        for (int i : group) {
            labels.add(rows[i].labelled() ? rows[i].label() : null);
        }
        boolean disagree = ConflictGroup.disagree(labels);
        for (int i : group) {
            rows[i] = rows[i].withConflict(disagree && rows[i].labelled());
        }
    }

    /** Applies fresh predictions (index to prediction) in one step. */
    public void applyPredictions(Map<Integer, SamplePrediction> predictions) {
        predictions.forEach((i, p) -> rows[i] = rows[i].withPrediction(p));
        version.set(version.get() + 1);
    }
}
