package org.captchalab.ui.backend;

import java.nio.file.Path;
import org.captchalab.model.RunInfo;

/**
 * A saved training run as the run list shows it: where it lives, what it reads (alphabet, label length), the
 * dataset it was trained on, and its final metrics ({@code NaN} when unknown; a run trained in the window has
 * no test figure, the command line's {@code train} evaluates the held-out test split).
 */
public record RunSummary(String name, Path folder, String preset, int epochs, double valSequenceAccuracy,
                         double valLoss, double testSequenceAccuracy, long savedAtMillis, String alphabet,
                         int labelLength, String datasetPath) {

    /**
     * True when this run's network reads labels of this length written in this alphabet, so that it can predict
     * here: its own alphabet holds every character of the dataset's, as {@code eval} accepts it. A dataset's
     * alphabet is inferred from its labels, so a slice of a folder, or labels corrected away from a character, use
     * fewer characters than the run was trained on, and it still reads them.
     */
    public boolean fits(String datasetAlphabet, int datasetLength) {
        return labelLength == datasetLength && alphabet != null
                && datasetAlphabet.chars().allMatch(c -> alphabet.indexOf(c) >= 0);
    }

    /**
     * Whether this run was trained on {@code folder}, as its run.json names the dataset ({@link RunInfo#isRecordedFolder}).
     * May ask the file system (a folder reached through a link): not on the FX thread.
     */
    public boolean trainedOn(Path folder) {
        return RunInfo.isRecordedFolder(datasetPath, folder);
    }

    /** One line for the run list. */
    public String describe() {
        return name + "  [" + preset + (epochs >= 0 ? ", " + epochs + " ep" : "") + "]"
                + (Double.isNaN(testSequenceAccuracy) ? "" : "  test acc " + percent(testSequenceAccuracy))
                + "  val acc " + percent(valSequenceAccuracy)
                + "  val loss " + (Double.isNaN(valLoss) ? "-" : String.format("%.3f", valLoss));
    }

    /**
     * What the run list's tooltip says of this run: where it was trained, which its figures describe, and what it
     * reads (a run from another dataset may know characters this one does not use).
     */
    public String origin() {
        return name + ": trained on " + (datasetPath == null ? "a folder its run.json does not name" : datasetPath)
                + ", where its accuracies were measured; reads " + labelLength + " characters"
                + (alphabet == null ? "" : " of " + alphabet + " (" + alphabet.length() + ")");
    }

    private static String percent(double p) {
        return Double.isNaN(p) ? "-" : String.format("%.1f%%", 100 * p);
    }
}
