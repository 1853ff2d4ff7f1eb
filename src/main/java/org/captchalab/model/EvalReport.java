package org.captchalab.model;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * The images read wrongly, the most confident reading first (a confident misreading is often a wrong label):
     * {@code labels} are the labels this report was scored against, in the same order.
     */
    public List<Misread> misreads(List<String> labels) {
        return misreads(predictions, labels);
    }

    /**
     * As {@link #misreads(List)} for predictions made outside a report, such as images read but not scored (eval's
     * conflicting duplicates): each {@link Misread#index()} is the index in {@code predictions}.
     */
    public static List<Misread> misreads(List<SequencePrediction> predictions, List<String> labels) {
        if (labels.size() != predictions.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + predictions.size() + " predictions");
        }
        List<Misread> out = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            SequencePrediction p = predictions.get(i);
            String label = labels.get(i);
            if (p.matches(label)) {
                continue;
            }
            String text = p.text();
            List<Integer> wrong = new ArrayList<>();
            for (int k = 0; k < Math.max(text.length(), label.length()); k++) {
                if (k >= label.length() || k >= text.length() || text.charAt(k) != label.charAt(k)) {
                    wrong.add(k);
                }
            }
            out.add(new Misread(i, label, text, wrong, p.confidence()));
        }
        out.sort(Comparator.comparingDouble(Misread::confidence).reversed().thenComparingInt(Misread::index));
        return out;
    }
}
