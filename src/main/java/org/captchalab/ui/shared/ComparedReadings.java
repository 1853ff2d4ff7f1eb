package org.captchalab.ui.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * What two saved runs read on one image during a run comparison: run A's and run B's names and readings (neither is
 * necessarily the loaded model, whose reading the rest of the window shows). Immutable, built off the FX thread.
 */
public record ComparedReadings(String runA, SamplePrediction readingA, String runB, SamplePrediction readingB) {

    /**
     * How {@code reading} stands against {@code label}: "right", "wrong at #2" or "wrong at #1, #3" (positions from
     * 1, as the position cards number them), or "" with no label to judge it by.
     */
    public static String verdict(SamplePrediction reading, String label) {
        if (label == null || label.isEmpty()) {
            return "";
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < Math.max(label.length(), reading.length()); i++) {
            if (!reading.agreesAt(label, i)) {
                wrong.add("#" + (i + 1));
            }
        }
        return wrong.isEmpty() ? "right" : "wrong at " + String.join(", ", wrong);
    }
}
