package org.captchalab.store;

import java.util.List;

/**
 * A model's prediction for one image, cached in the work store under the model's id so the window shows
 * predictions at once instead of running the network on every launch.
 *
 * @param path       the image, relative to the dataset folder
 * @param predicted  the predicted text (the best character of every position)
 * @param confidence the model's confidence in the whole text (the model code defines it, e.g. the product)
 * @param loss       the loss against the label at prediction time; NaN when there was no label
 * @param positions  one guess per position
 */
public record CachedPrediction(String path, String predicted, double confidence, double loss,
                               List<PositionGuess> positions) {

    public CachedPrediction {
        positions = List.copyOf(positions);
    }
}
