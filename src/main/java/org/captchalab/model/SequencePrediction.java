package org.captchalab.model;

import java.util.List;

/** The prediction for one captcha: one {@link PositionPrediction} per position. */
public record SequencePrediction(List<PositionPrediction> positions) {

    public SequencePrediction {
        positions = List.copyOf(positions);
    }

    /** The predicted text: the best character at every position. */
    public String text() {
        StringBuilder sb = new StringBuilder(positions.size());
        positions.forEach(p -> sb.append(p.best()));
        return sb.toString();
    }

    /** The confidence of the whole reading, {@link #confidence(double...)} of every position's best probability. */
    public double confidence() {
        return confidence(positions.stream().mapToDouble(PositionPrediction::probability).toArray());
    }

    /**
     * The confidence of a reading whose positions' best characters have these probabilities: their product, the
     * model's probability that the whole text is right, which is what full-sequence accuracy counts (the weakest
     * position alone would say 0.96 for four positions of 0.99, 0.99, 0.99 and 0.96, which are right together
     * only 93% of the time). The one definition: {@code eval --misread}, {@code predict --json} and the window's
     * tiles, sort order and filters all use it.
     */
    public static double confidence(double... bestProbabilities) {
        if (bestProbabilities.length == 0) {
            return 0;
        }
        double c = 1;
        for (double p : bestProbabilities) {
            c *= p;
        }
        return c;
    }

    /** True when every position equals the label. */
    public boolean matches(String label) {
        return text().equals(label);
    }
}
