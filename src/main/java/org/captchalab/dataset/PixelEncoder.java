package org.captchalab.dataset;

import java.awt.image.BufferedImage;

/**
 * Turns a decoded image into the model's input: RGB bytes in height-width-channel order at the input size.
 *
 * <p>Resizing is bilinear with pixel centres aligned (the convention of OpenCV's and PIL's bilinear resize),
 * written out here rather than left to Java2D so that it gives the same bytes on every JDK and pipeline.
 * Transparent pixels (PNG, GIF) are composited over white, since captchas are drawn on light backgrounds.
 * The model code turns each byte {@code b} into {@code (b & 0xff) / 255f}.
 */
public final class PixelEncoder {

    private PixelEncoder() {
    }

    /** {@code size.height() * size.width() * 3} bytes: row by row, pixel by pixel, R, G, B. */
    public static byte[] rgb(BufferedImage image, ImageSize size) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] argb = image.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] src = new int[sw * sh * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            if (a != 255) {
                r = (r * a + 255 * (255 - a) + 127) / 255;
                g = (g * a + 255 * (255 - a) + 127) / 255;
                b = (b * a + 255 * (255 - a) + 127) / 255;
            }
            src[i * 3] = r;
            src[i * 3 + 1] = g;
            src[i * 3 + 2] = b;
        }
        int dw = size.width();
        int dh = size.height();
        byte[] out = new byte[dw * dh * 3];
        if (dw == sw && dh == sh) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) src[i];
            }
            return out;
        }
        double sx = (double) sw / dw;
        double sy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < dw; x++) {
                double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, sw - 1);
                double wx = fx - x0;
                int o = (y * dw + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double top = src[(y0 * sw + x0) * 3 + c] * (1 - wx) + src[(y0 * sw + x1) * 3 + c] * wx;
                    double bottom = src[(y1 * sw + x0) * 3 + c] * (1 - wx) + src[(y1 * sw + x1) * 3 + c] * wx;
                    out[o + c] = (byte) (int) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return out;
    }
}
