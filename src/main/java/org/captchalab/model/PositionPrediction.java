package org.captchalab.model;

import java.util.List;

/** What the network predicts at one position: the best character, its probability, and the top three. */
public record PositionPrediction(char best, double probability, List<Candidate> top) {
    public PositionPrediction {
        top = List.copyOf(top);
    }
}
