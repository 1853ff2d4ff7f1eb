package org.captchalab.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.captchalab.dataset.ImageSize;

/**
 * Small random distortions of a training image (HWC RGB bytes at the input size): a shift of up to
 * {@code maxShift} pixels, a rotation of up to {@code maxDegrees}, a scale within 1 +/- {@code maxScale},
 * and Gaussian pixel noise. Sampling is bilinear with edge pixels repeated, so no black borders appear (a
 * border would be a cue the real captchas never show). Stateless: the caller passes the {@link Random}, which
 * the trainer seeds per (seed, epoch, image) so that runs are reproducible.
 */
public final class Augmenter {

    private final ImageSize size;
    private final double maxShift;
    private final double maxDegrees;
    private final double maxScale;
    private final double noiseSigma;

    public Augmenter(ImageSize size, double maxShift, double maxDegrees, double maxScale, double noiseSigma) {
        this.size = size;
        this.maxShift = maxShift;
        this.maxDegrees = maxDegrees;
        this.maxScale = maxScale;
        this.noiseSigma = noiseSigma;
    }

    /** The largest strength {@link #standard(ImageSize, double)} accepts: 4x is already 20 degrees of rotation and 32 % of scale. */
    public static final double MAX_STRENGTH = 4;

    /** The defaults used by {@code --augment}: 2.5 % of the width in shift (3 px at 129), 5 degrees, 8 %, noise sigma 6 (of 255). */
    public static Augmenter standard(ImageSize size) {
        return standard(size, 1);
    }

    /** Whether {@code strength} is one {@link #standard(ImageSize, double)} takes: 0 to {@link #MAX_STRENGTH}. */
    public static boolean validStrength(double strength) {
        return strength >= 0 && strength <= MAX_STRENGTH;
    }

    /** @throws IllegalArgumentException (one line) unless 0 <= strength <= {@link #MAX_STRENGTH} */
    static void checkStrength(double strength) {
        if (!validStrength(strength)) {
            throw new IllegalArgumentException("augmentation strength must be between 0 and " + (int) MAX_STRENGTH + ": " + strength);
        }
    }

    /**
     * {@link #standard(ImageSize)} with every range and the noise multiplied by {@code strength} (0 to
     * {@link #MAX_STRENGTH}); {@code --augment-strength 2} gives 6 px, 10 degrees, 16 % and sigma 12 at 129x53.
     */
    public static Augmenter standard(ImageSize size, double strength) {
        checkStrength(strength);
        double shift = Math.max(1, Math.round(size.width() * 0.025));
        return new Augmenter(size, shift * strength, 5 * strength, 0.08 * strength, 6 * strength);
    }

    public byte[] augment(byte[] image, Random random) {
        int w = size.width();
        int h = size.height();
        double dx = (random.nextDouble() * 2 - 1) * maxShift;
        double dy = (random.nextDouble() * 2 - 1) * maxShift;
        double angle = Math.toRadians((random.nextDouble() * 2 - 1) * maxDegrees);
        double scale = 1 + (random.nextDouble() * 2 - 1) * maxScale;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        byte[] out = new byte[image.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // inverse map: output pixel -> source position
                double ox = x - cx - dx;
                double oy = y - cy - dy;
                double sx = cos * ox + sin * oy + cx;
                double sy = -sin * ox + cos * oy + cy;
                sample(image, w, h, sx, sy, out, (y * w + x) * 3);
            }
        }
        if (noiseSigma > 0) {
            for (int i = 0; i < out.length; i++) {
                int v = (out[i] & 0xff) + (int) Math.round(random.nextGaussian() * noiseSigma);
                out[i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }

    private static void sample(byte[] img, int w, int h, double sx, double sy, byte[] out, int o) {
        sx = Math.max(0, Math.min(w - 1, sx));
        sy = Math.max(0, Math.min(h - 1, sy));
        int x0 = (int) sx;
        int y0 = (int) sy;
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int c = 0; c < 3; c++) {
            double top = (img[(y0 * w + x0) * 3 + c] & 0xff) * (1 - fx) + (img[(y0 * w + x1) * 3 + c] & 0xff) * fx;
            double bottom = (img[(y1 * w + x0) * 3 + c] & 0xff) * (1 - fx) + (img[(y1 * w + x1) * 3 + c] & 0xff) * fx;
            out[o + c] = (byte) (int) Math.round(top * (1 - fy) + bottom * fy);
        }
    }

    /** {@code count} augmented versions of one image for a preview grid; the same seed gives the same grid. */
    public List<byte[]> preview(byte[] image, int count, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(augment(image, r));
        }
        return out;
    }
}
