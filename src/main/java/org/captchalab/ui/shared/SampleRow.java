package org.captchalab.ui.shared;

import java.util.Objects;
import org.captchalab.dataset.Split;

/**
 * One image of the dataset as the workbench shows it. Immutable: an edit replaces the row, so background
 * jobs (filtering, sorting, counting) can work on a copied array without locks.
 *
 * @param label          the current label, null when unlabelled
 * @param originalLabel  the label the dataset came with, null when it had none
 * @param split          the persisted split, null when not assigned
 * @param conflict       true when a byte-identical image carries a different label
 * @param editedAtMillis last edit time, 0 when never edited
 * @param prediction     the current model's reading, null when not predicted yet
 */
public record SampleRow(int index, String path, String label, String originalLabel, Split split,
                        boolean conflict, long editedAtMillis, SamplePrediction prediction) {

    public boolean labelled() {
        return label != null && !label.isEmpty();
    }

    public boolean corrected() {
        return editedAtMillis > 0 && !Objects.equals(label, originalLabel);
    }

    /** True when a prediction exists and disagrees with the label somewhere. */
    public boolean misclassified() {
        return prediction != null && labelled() && !prediction.text().equals(label);
    }

    /**
     * The row with another label; the conflict flag is left as it was, since it depends on the identical images'
     * labels too: {@link DatasetState} sets it again with {@link #withConflict} after every label change.
     */
    public SampleRow withLabel(String newLabel, long at) {
        return new SampleRow(index, path, newLabel, originalLabel, split, conflict, at, prediction);
    }

    public SampleRow withConflict(boolean c) {
        return c == conflict ? this : new SampleRow(index, path, label, originalLabel, split, c, editedAtMillis, prediction);
    }

    public SampleRow withPrediction(SamplePrediction p) {
        return new SampleRow(index, path, label, originalLabel, split, conflict, editedAtMillis, p);
    }

    /** The file name without folders, for display and sorting. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
