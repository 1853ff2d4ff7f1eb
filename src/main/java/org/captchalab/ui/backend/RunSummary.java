package org.captchalab.ui.backend;

import java.nio.file.Path;

/**
 * A saved training run as the run list shows it: where it lives, what it reads (alphabet, label length), the
 * dataset it was trained on, and its final metrics ({@code NaN} when unknown).
 */
public record RunSummary(String name, Path folder, String preset, int epochs, double valSequenceAccuracy,
                         double valLoss, long savedAtMillis, String alphabet, int labelLength, String datasetPath) {

    /** True when this run's network reads labels of this alphabet and length (so it can predict here). */
    public boolean fits(String datasetAlphabet, int datasetLength) {
        return labelLength == datasetLength && alphabet != null && alphabet.equals(datasetAlphabet);
    }

    /** One line for the run list. */
    public String describe() {
        String acc = Double.isNaN(valSequenceAccuracy) ? "-" : String.format("%.1f%%", 100 * valSequenceAccuracy);
        String loss = Double.isNaN(valLoss) ? "-" : String.format("%.3f", valLoss);
        return name + "  [" + preset + (epochs >= 0 ? ", " + epochs + " ep" : "") + "]  val acc " + acc + "  val loss " + loss;
    }
}
