package org.captchalab.ui.backend;

import java.awt.image.BufferedImage;
import java.util.List;
import org.captchalab.ui.shared.SamplePrediction;

/**
 * A loaded, immutable model. {@link #predict} blocks (ND4J) and is called from background threads only,
 * never with a network that is still training.
 */
public interface Predictor {

    String name();

    /**
     * What cached predictions are filed under: the same name with other weights (a run retrained into the same
     * folder) must not reuse them. By default the name.
     */
    default String cacheKey() {
        return name();
    }

    /** Predictions for a batch of decoded images, in order. */
    List<SamplePrediction> predict(List<BufferedImage> images) throws Exception;

    /**
     * Where each position read one image, for models that read by attention: per position, the share of its read
     * taken from each of equal-width columns across the image, left to right (each sums to 1). Empty for models
     * that do not read by attention.
     */
    default List<float[]> attention(BufferedImage image) throws Exception {
        return List.of();
    }

    /**
     * The warning that the folder's images (their most common size) are unlike the images this model, or one of the
     * runs it averages, was trained on, as their run.json records them ({@code eval} gives the same warning); empty
     * when they are alike, or when the model cannot tell. From what was read when it was loaded: no file is read again.
     */
    default java.util.Optional<String> sizeWarning(Workspace workspace) throws Exception {
        return java.util.Optional.empty();
    }
}
