package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-time augmentation by shifting: the network reads each image several times, moved by a few pixels, and the
 * probabilities of the views are averaged per position. A reading that depends on where a glyph happens to sit by
 * a pixel or two gets outvoted by the neighbouring views.
 *
 * <p>A shifted view replicates the edge pixels into the strip it uncovers (captcha backgrounds run to the border,
 * so a constant fill would draw a line the network never saw in training).
 *
 * <p>{@link #CROSS} was chosen on the validation split of the QQ-style set (docs/model.md): the image itself and
 * shifts of 1 and 2 pixels left, right, up and down.
 *
 * @param shifts (dx, dy) pairs, the first normally (0, 0); positive dx moves the picture right, positive dy down
 */
public record TestTimeShifts(List<Shift> shifts) {

    /** One view: the picture moved {@code dx} pixels right and {@code dy} down. */
    public record Shift(int dx, int dy) {
    }

    /** The image as it is: one view, no averaging. */
    public static final TestTimeShifts NONE = new TestTimeShifts(List.of(new Shift(0, 0)));

    /** Nine views: the image, and shifts of 1 and 2 pixels along each axis. */
    public static final TestTimeShifts CROSS = cross(2);

    public TestTimeShifts {
        if (shifts.isEmpty()) {
            throw new IllegalArgumentException("at least one view is needed");
        }
        shifts = List.copyOf(shifts);
    }

    /** The image and shifts of 1 to {@code reach} pixels left, right, up and down: 1 + 4 x reach views. */
    public static TestTimeShifts cross(int reach) {
        if (reach < 0) {
            throw new IllegalArgumentException("reach must not be negative, was " + reach);
        }
        List<Shift> out = new ArrayList<>();
        out.add(new Shift(0, 0));
        for (int d = 1; d <= reach; d++) {
            out.add(new Shift(-d, 0));
            out.add(new Shift(d, 0));
            out.add(new Shift(0, -d));
            out.add(new Shift(0, d));
        }
        return new TestTimeShifts(out);
    }

    public int views() {
        return shifts.size();
    }

    /**
     * {@code hwcRgb} (height x width x RGB bytes) moved by {@code shift}, edges replicated; the same array when the
     * shift is zero.
     */
    public static byte[] shifted(byte[] hwcRgb, int width, int height, Shift shift) {
        if (hwcRgb.length != width * height * 3) {
            throw new IllegalArgumentException("image has " + hwcRgb.length + " bytes, not " + width + "x" + height + " RGB");
        }
        if (shift.dx() == 0 && shift.dy() == 0) {
            return hwcRgb;
        }
        byte[] out = new byte[hwcRgb.length];
        int rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            int sy = Math.min(height - 1, Math.max(0, y - shift.dy()));
            int srcRow = sy * rowBytes;
            int dstRow = y * rowBytes;
            // the part of the row that comes from inside the picture, then the replicated edges either side
            int firstInside = Math.min(width, Math.max(0, shift.dx()));
            int endInside = Math.max(0, Math.min(width, width + shift.dx()));
            if (firstInside < endInside) {
                System.arraycopy(hwcRgb, srcRow + (firstInside - shift.dx()) * 3, out, dstRow + firstInside * 3,
                        (endInside - firstInside) * 3);
            }
            for (int x = 0; x < firstInside; x++) {
                System.arraycopy(hwcRgb, srcRow, out, dstRow + x * 3, 3);
            }
            for (int x = Math.max(endInside, firstInside); x < width; x++) {
                System.arraycopy(hwcRgb, srcRow + (width - 1) * 3, out, dstRow + x * 3, 3);
            }
        }
        return out;
    }
}
