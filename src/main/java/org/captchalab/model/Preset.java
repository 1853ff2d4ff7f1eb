package org.captchalab.model;

import java.util.Locale;

/**
 * The network presets. Both build a trunk of convolutions followed by one separate Dense softmax head per
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
     * A deeper, wider trunk for accuracy: four blocks of 3x3 same-padded convolution (32, 64, 96, 128 filters)
     * with batch normalisation, ReLU and 2x2 max pooling, then dropout before the heads.
     */
    STRONG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preset '" + s + "' (known: seed, strong)");
        }
    }

    /** True when the graph has batch-normalisation statistics that must be recalibrated after training steps. */
    public boolean usesBatchNorm() {
        return this == STRONG;
    }

    /**
     * The smallest width and height the preset can take: the seed trunk's four valid 3x3 convolutions and
     * 2x2 poolings need 46 pixels to leave one; the strong trunk's four poolings need 16.
     */
    public int minimumInputSide() {
        return this == SEED ? 46 : 16;
    }

    /** The fraction of head inputs kept during training (1 = no dropout). */
    public double dropoutKeep() {
        return this == STRONG ? 0.6 : 1.0;
    }
}
