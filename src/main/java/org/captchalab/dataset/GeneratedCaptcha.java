package org.captchalab.dataset;

import java.awt.image.BufferedImage;

/**
 * One generated captcha: its index within the seed's sequence, its lowercase label, the text as drawn (each
 * glyph upper or lower case) and its pixels.
 */
public record GeneratedCaptcha(int index, String label, String drawn, BufferedImage image) {

    /** The file name it is written under: {@code <label>_<index>.png}, so the label source is the name. */
    public String fileName() {
        return label + "_" + index + "." + CaptchaGenerator.FORMAT;
    }
}
