package org.captchalab.dataset;

/**
 * Width and height of an image in pixels. Used both for the sizes found in a dataset and for the model input
 * size that every image is resized to.
 */
public record ImageSize(int width, int height) implements Comparable<ImageSize> {

    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
    }

    /** Parses {@code 129x53} (width x height). */
    public static ImageSize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected WIDTHxHEIGHT, e.g. 129x53: " + text);
        }
        return new ImageSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    public long pixels() {
        return (long) width * height;
    }

    @Override
    public int compareTo(ImageSize o) {
        int c = Integer.compare(width, o.width);
        return c != 0 ? c : Integer.compare(height, o.height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
