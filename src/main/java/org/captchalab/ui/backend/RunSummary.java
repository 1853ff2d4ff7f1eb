package org.captchalab.ui.backend;

import java.nio.file.Path;

/**
 * A saved training run as the run list shows it: where it lives and its final metrics ({@code NaN} when
 * unknown).
 */
public record RunSummary(String name, Path folder, String preset, int epochs, double valSequenceAccuracy,
                         double valLoss, long savedAtMillis) {

    /** One line for the run list. */
    public String describe() {
        String acc = Double.isNaN(valSequenceAccuracy) ? "-" : String.format("%.1f%%", 100 * valSequenceAccuracy);
        String loss = Double.isNaN(valLoss) ? "-" : String.format("%.3f", valLoss);
        return name + "  [" + preset + ", " + epochs + " ep]  val acc " + acc + "  val loss " + loss;
    }
}
