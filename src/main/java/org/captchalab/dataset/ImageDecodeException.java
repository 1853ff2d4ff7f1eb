package org.captchalab.dataset;

import java.io.IOException;

/**
 * An image file that cannot be used, with a one-line reason meant for the user (the file name is kept apart
 * so callers can print {@code file: reason}).
 */
public class ImageDecodeException extends IOException {

    private final String file;
    private final String reason;

    public ImageDecodeException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }

    /** The same, as a {@link Problem} for the file named {@code relativeName}. */
    public Problem toProblem(String relativeName) {
        return new Problem(relativeName, reason);
    }
}
