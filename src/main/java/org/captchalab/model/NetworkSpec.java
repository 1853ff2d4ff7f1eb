package org.captchalab.model;

/**
 * The shape of a network: which preset, the input image size (RGB, {@code height} rows of {@code width}
 * pixels) and the output: {@code length} positions, each choosing one of {@code classes} characters.
 */
public record NetworkSpec(Preset preset, int width, int height, int length, int classes) {

    /** The seed network of the original write-up: 129x53 QQ captchas, four lowercase letters. */
    public static final NetworkSpec SEED_QQ = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);

    /**
     * The longest input side a network is built for: four times the largest captchas in the shared datasets, and
     * far more than a batch of them fits in memory at (a 1024x1024 batch of 64 images is 805 MB of input alone).
     */
    public static final int MAX_INPUT_SIDE = 1024;

    public NetworkSpec {
        if (preset == null) {
            throw new IllegalArgumentException("a network needs a preset");
        }
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("input " + width + "x" + height + " is too small (at least 8x8)");
        }
        if (width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) {
            throw new IllegalArgumentException("input " + width + "x" + height + " is too large (at most "
                    + MAX_INPUT_SIDE + "x" + MAX_INPUT_SIDE + "): read the images at a smaller size (--input-size WxH)");
        }
        if (length < 1 || classes < 2) {
            throw new IllegalArgumentException("a network needs at least one position and two classes");
        }
    }

    public static final int CHANNELS = 3;

    /** Floats in one encoded image. */
    public int pixelsPerImage() {
        return width * height * CHANNELS;
    }
}
