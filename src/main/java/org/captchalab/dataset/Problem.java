package org.captchalab.dataset;

import java.util.Objects;

/**
 * Something wrong with one input that was skipped: the file (relative to the dataset when possible), a one-line
 * reason meant for the user, and what kind of problem it is, for callers that word their summary by cause.
 */
public record Problem(String file, String reason, Kind kind) {

    /** What kind of problem. */
    public enum Kind {
        /** A label whose length or characters do not fit the label length or alphabet the dataset is read with. */
        LABEL_MISFIT,
        /**
         * A row of the labels file skipped or read otherwise (a duplicate, a header, a path that is not there): no
         * image is left out by it alone; an image left with no row is its own problem.
         */
        LABELS_ROW,
        /** The folder holds no image that could be used. */
        NO_IMAGES,
        /** Anything else: an unreadable image, an empty label, images with no row in the labels file. */
        OTHER
    }

    public Problem {
        Objects.requireNonNull(kind, "kind");
    }

    public Problem(String file, String reason) {
        this(file, reason, Kind.OTHER);
    }

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
