package org.captchalab.dataset;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated captcha: its index within the seed's sequence, its lowercase label, the text as drawn (each
 * glyph upper or lower case), the logical font of each glyph (one of {@code Serif}, {@code SansSerif},
 * {@code Monospaced}, {@code Dialog}, {@code DialogInput}) and its pixels.
 */
public record GeneratedCaptcha(int index, String label, String drawn, List<String> fonts, BufferedImage image) {

    /** The file name it is written under: {@code <label>_<index>.png}, so the label source is the name. */
    public String fileName() {
        return label + "_" + index + "." + CaptchaGenerator.FORMAT;
    }
}
