package org.captchalab.model;

import java.util.Locale;

/**
 * The network presets. All build a trunk of convolutions followed by one separate Dense softmax head per
 * position (not a shared, time-distributed head), for any input size, length and class count.
 */
public enum Preset {
    /**
     * The original write-up's network, exactly: Conv32 > Pool > Conv32 > Pool > ReLU > Conv32 > Pool > ReLU >
     * Conv32 > Pool > ReLU > Flatten > ReLU > heads (3x3 valid convolutions, 2x2 max pooling). The first block
     * really has no ReLU; it is kept that way so the 48,712-parameter figure and its behaviour match.
     */
    SEED,
    /**
     * A wider trunk for accuracy: four blocks of 3x3 same-padded convolution (32, 64, 128, 256 filters), 2x2 max
     * pooling, batch normalisation and ReLU, then dropout before the heads; trained with label smoothing.
     *
     * <p>Batch normalisation is written out in {@link GraphLayers#batchNorm}, because SameDiff's own op cannot be
     * differentiated in 1.0.0-M2.1 (see BatchNormProbe). It sits after the pooling, where it costs a quarter as
     * much; with a positive scale it commutes with max pooling, so only its statistics differ from the usual
     * order. Networks saved with the earlier 32/64/96/128 trunk, or without label smoothing, still load: a saved
     * graph carries its own structure.
     */
    STRONG,
    /**
     * The strong trunk without its last pooling, read by attention: each position has its own head, which
     * scores every cell of the final feature map (a 3x7 convolution over the features plus a learned prior over
     * where that position's character sits), averages the cells' features with the softmax of those scores,
     * and classifies the average with its own Dense softmax layer. A character is then read by the same weights
     * wherever it sits, instead of by weights tied to one place in a flattened map: on generated QQ-style
     * captchas, whose middle characters wander and overlap, the flattening {@link #STRONG} heads reached 95%
     * of their training images but 68% of held-out ones.
     */
    ATTENTION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + s + "' (known: seed, strong, attention)");
        }
    }

    /**
     * The smallest width and height the preset can take: the seed trunk's four valid 3x3 convolutions and
     * 2x2 poolings need 46 pixels to leave one; the strong trunk's four poolings need 16, the attention trunk's
     * three need 8.
     */
    public int minimumInputSide() {
        return switch (this) {
            case SEED -> 46;
            case STRONG -> 16;
            case ATTENTION -> 8;
        };
    }

    /** Whether the network has batch normalisation or dropout, so that training and inference take separate paths. */
    boolean twoPaths() {
        return this != SEED;
    }

    /** The input size for images of {@code size}: the same, scaled up (aspect kept) when this preset needs more. */
    public org.captchalab.dataset.ImageSize inputSizeFor(org.captchalab.dataset.ImageSize size) {
        int min = minimumInputSide();
        double scale = Math.max(1.0, Math.max(min / (double) size.width(), min / (double) size.height()));
        return new org.captchalab.dataset.ImageSize((int) Math.ceil(size.width() * scale), (int) Math.ceil(size.height() * scale));
    }

    /** The filters of the strong trunk's four blocks. */
    static final int[] STRONG_FILTERS = {32, 64, 128, 256};

    /**
     * The weight label smoothing gives the uniform distribution in the training loss (0 = none). The strong
     * preset uses 0.1: on swust_cas_4char the network reached 100% on its training images while validation
     * stayed near 96.6%, and smoothing keeps it from driving its logits ever further on what it already reads.
     */
    public double labelSmoothing() {
        return this == SEED ? 0.0 : 0.1;
    }

    /** The fraction of head inputs kept during training (1 = no dropout). */
    public double dropoutKeep() {
        return switch (this) {
            case SEED -> 1.0;
            case STRONG -> 0.6;
            // the heads see one averaged feature vector each instead of a whole flattened map
            case ATTENTION -> 0.8;
        };
    }
}
