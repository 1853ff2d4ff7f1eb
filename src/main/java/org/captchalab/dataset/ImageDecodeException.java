package org.captchalab.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image file that cannot be used, with a one-line reason meant for the user (the file name is kept apart
 * so callers can print {@code file: reason}).
 */
public class ImageDecodeException extends IOException {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecodeException.class);

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

    /**
     * One line for images that would not decode and were left out, naming the first with its reason (as a dataset's
     * problems are summed up) and counting the others, each of which is logged; empty when there are none.
     */
    public static Optional<String> leftOutNote(List<ImageDecodeException> leftOut) {
        if (leftOut.isEmpty()) {
            return Optional.empty();
        }
        leftOut.forEach(e -> LOG.warn("left out, cannot decode {}", e.getMessage()));
        int n = leftOut.size();
        return Optional.of(n + (n == 1 ? " image" : " images") + " could not be decoded and "
                + (n == 1 ? "was" : "were") + " left out: " + leftOut.get(0).getMessage()
                + (n == 1 ? "" : " (and " + (n - 1) + " more; all are named in the log)"));
    }

    /** The same, as a {@link Problem} for the file named {@code relativeName}. */
    public Problem toProblem(String relativeName) {
        return new Problem(relativeName, reason);
    }
}
