package org.captchalab.ui.shared;

import java.util.List;
import org.captchalab.model.SequencePrediction;

/**
 * The model's reading of one image: per position the candidates, best first (at least the best, usually the
 * top three). Immutable, so it can be built on a worker thread and shown on the FX thread.
 */
public record SamplePrediction(List<List<Candidate>> positions) {

    public SamplePrediction {
        positions = List.copyOf(positions.stream().map(List::copyOf).toList());
    }

    public int length() {
        return positions.size();
    }

    /** The predicted text: the best character of each position. */
    public String text() {
        StringBuilder sb = new StringBuilder(positions.size());
        for (List<Candidate> p : positions) {
            sb.append(p.get(0).character());
        }
        return sb.toString();
    }

    /** Confidence of the whole reading, as the model defines it ({@link SequencePrediction#confidence(double...)}). */
    public double confidence() {
        return SequencePrediction.confidence(positions.stream().mapToDouble(p -> p.get(0).probability()).toArray());
    }

    /** True when the prediction agrees with {@code label} at {@code position}. */
    public boolean agreesAt(String label, int position) {
        return label != null && position < label.length() && position < positions.size()
                && label.charAt(position) == positions.get(position).get(0).character();
    }

    /**
     * The cross-entropy of {@code label} under this prediction, summed over positions. Only the top few
     * probabilities are kept, so a true character outside them is charged the leftover mass spread over the
     * other {@code classes - kept} characters; this orders samples the way the real loss does.
     */
    public double loss(String label, int classes) {
        if (label == null) {
            return 0;
        }
        double loss = 0;
        for (int i = 0; i < positions.size(); i++) {
            List<Candidate> cands = positions.get(i);
            double p = -1;
            double kept = 0;
            for (Candidate c : cands) {
                kept += c.probability();
                if (i < label.length() && c.character() == label.charAt(i)) {
                    p = c.probability();
                }
            }
            if (p < 0) {
                int others = Math.max(1, classes - cands.size());
                p = Math.max(0, 1 - kept) / others;
            }
            loss -= Math.log(Math.max(p, 1e-6));
        }
        return loss;
    }
}
