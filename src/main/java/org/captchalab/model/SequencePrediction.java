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

    /** The lowest position probability: the chance the weakest character is right, a fair confidence. */
    public double confidence() {
        return positions.stream().mapToDouble(PositionPrediction::probability).min().orElse(0);
    }

    /** True when every position equals the label. */
    public boolean matches(String label) {
        return text().equals(label);
    }
}
