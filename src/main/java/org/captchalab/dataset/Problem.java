package org.captchalab.dataset;

/**
 * Something wrong with one input that was skipped: the file (relative to the dataset when possible) and a
 * one-line reason meant for the user.
 */
public record Problem(String file, String reason) {
    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
