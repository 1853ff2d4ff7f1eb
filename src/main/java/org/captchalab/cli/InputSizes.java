package org.captchalab.cli;

import org.captchalab.dataset.ImageSize;
import org.captchalab.model.Preset;

/** The model input size for a dataset: its own size, scaled up (keeping the aspect) when a preset needs more. */
final class InputSizes {

    private InputSizes() {
    }

    static ImageSize forPreset(ImageSize datasetSize, Preset preset) {
        int min = preset.minimumInputSide();
        int w = datasetSize.width();
        int h = datasetSize.height();
        double scale = Math.max(1.0, Math.max(min / (double) w, min / (double) h));
        return new ImageSize((int) Math.ceil(w * scale), (int) Math.ceil(h * scale));
    }
}
