package org.captchalab.store;

import java.util.List;

/**
 * A model's prediction for one image, cached in the work store under the model's id so the window shows
 * predictions at once instead of running the network on every launch.
 *
 * @param path       the image, relative to the dataset folder
 * @param predicted  the predicted text (the best character of every position)
 * @param confidence the model's confidence in the whole text, as written (the product of the best probabilities since
 *                   the cache was first written); informational only: the window recomputes a reading's confidence
 *                   from {@code positions} when it reads the cache, so a value written under another definition
 *                   never mixes with the current one
 * @param loss       the loss against the label at prediction time; NaN when there was no label
 * @param positions  one guess per position
 */
public record CachedPrediction(String path, String predicted, double confidence, double loss,
                               List<PositionGuess> positions) {

    public CachedPrediction {
        positions = List.copyOf(positions);
    }
}
