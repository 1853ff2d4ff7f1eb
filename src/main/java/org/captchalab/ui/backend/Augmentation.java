package org.captchalab.ui.backend;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The augmentation used when a GUI run has it switched on, and shown in the preview grid: a small shift
 * (up to 3 px), rotation (up to 6 degrees), scale (plus or minus 6%) and pixel noise. The border is filled by
 * edge colour so no black frame teaches the network a shortcut.
 */
final class Augmentation {

    private Augmentation() {
    }

    static BufferedImage apply(BufferedImage src, Random r) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(src.getRGB(0, 0)));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0 + (r.nextDouble() * 6 - 3), h / 2.0 + (r.nextDouble() * 6 - 3));
        t.rotate(Math.toRadians(r.nextDouble() * 12 - 6));
        double s = 0.94 + r.nextDouble() * 0.12;
        t.scale(s, s);
        t.translate(-w / 2.0, -h / 2.0);
        g.drawImage(src, t, null);
        g.dispose();
        for (int i = 0; i < w * h / 40; i++) {
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int v = r.nextInt(256);
            out.setRGB(x, y, (v << 16) | (v << 8) | v);
        }
        return out;
    }
}
