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
     * A wider trunk for accuracy: four blocks of 3x3 same-padded convolution (32, 64, 96, 128 filters), ReLU
     * and 2x2 max pooling, then dropout before the heads.
     *
     * <p>Why no batch normalisation: SameDiff's {@code batchNorm} op only normalises with statistics it is
     * given (no training mode, no running averages; deeplearning4j issue #7166), its gradient cannot even be
     * built in 1.0.0-M2.1 (BatchNorm.doDiff fails with "axis must be specified"; see BatchNormProbe), and written out from
     * reductions and broadcast arithmetic its backward pass was measured here at about 2 s per minibatch of 64
     * at 129x53 (ten times all the convolutions together), 10 images/second. He-initialised ReLU layers with
     * Adam train well at this depth without it.
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

    /**
     * The smallest width and height the preset can take: the seed trunk's four valid 3x3 convolutions and
     * 2x2 poolings need 46 pixels to leave one; the strong trunk's four poolings need 16.
     */
    public int minimumInputSide() {
        return this == SEED ? 46 : 16;
    }

    /** The input size for images of {@code size}: the same, scaled up (aspect kept) when this preset needs more. */
    public org.captchalab.dataset.ImageSize inputSizeFor(org.captchalab.dataset.ImageSize size) {
        int min = minimumInputSide();
        double scale = Math.max(1.0, Math.max(min / (double) size.width(), min / (double) size.height()));
        return new org.captchalab.dataset.ImageSize((int) Math.ceil(size.width() * scale), (int) Math.ceil(size.height() * scale));
    }

    /** The fraction of head inputs kept during training (1 = no dropout). */
    public double dropoutKeep() {
        return this == STRONG ? 0.6 : 1.0;
    }
}
