package org.captchalab.model;

import java.util.List;

/**
 * How a model did on a set of labelled images: full-sequence accuracy (every character right), accuracy per
 * position, mean loss (softmax cross-entropy summed over positions), the confusions of each position most
 * frequent first, and each image's prediction in input order (for the GUI's error views).
 */
public record EvalReport(int count, double sequenceAccuracy, double[] positionAccuracy, double loss,
                         List<List<Confusion>> confusions, List<SequencePrediction> predictions) {

    public EvalReport {
        confusions = List.copyOf(confusions);
        predictions = List.copyOf(predictions);
    }
}
