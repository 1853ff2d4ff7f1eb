package org.captchalab.model;

import java.util.List;

/**
 * One image an evaluation got wrong: its index in the evaluated list, its label, what was read instead, the
 * positions that differ (counted from 0) and the reading's confidence ({@link SequencePrediction#confidence()}, the product of its positions' probabilities).
 */
public record Misread(int index, String label, String predicted, List<Integer> wrongPositions, double confidence) {

    public Misread {
        wrongPositions = List.copyOf(wrongPositions);
    }
}
