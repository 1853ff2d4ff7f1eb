package org.captchalab.store;

import java.util.List;

/**
 * A model's guess for one character position: the top candidates, most likely first, with probabilities.
 *
 * @param candidates    e.g. {@code "o0d"}: the best character first
 * @param probabilities the probability of each candidate, same order
 */
public record PositionGuess(String candidates, List<Double> probabilities) {

    public PositionGuess {
        probabilities = List.copyOf(probabilities);
        if (candidates.length() != probabilities.size()) {
            throw new IllegalArgumentException("one probability per candidate expected");
        }
    }

    public char best() {
        return candidates.charAt(0);
    }

    public double probability() {
        return probabilities.get(0);
    }
}
