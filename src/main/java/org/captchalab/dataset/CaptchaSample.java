package org.captchalab.dataset;

import java.nio.file.Path;

/**
 * One image of a dataset, as found on disk: its path relative to the dataset root (always with {@code /}, so
 * it is the same key on every OS and in the work store), its label after the case rule (null when unlabelled
 * or when the label was rejected), its pixel size and the SHA-256 of its bytes (which finds identical images).
 */
public record CaptchaSample(String path, String label, int width, int height, String hash) {

    public ImageSize size() {
        return new ImageSize(width, height);
    }

    public boolean labelled() {
        return label != null;
    }

    /** The file on disk for a dataset rooted at {@code root}. */
    public Path file(Path root) {
        return root.resolve(path);
    }

    public CaptchaSample withLabel(String newLabel) {
        return new CaptchaSample(path, newLabel, width, height, hash);
    }

    /** The file name's extension in lowercase, without the dot ("png", "jpg", ...). */
    public String extension() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
