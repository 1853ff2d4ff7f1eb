package org.captchalab.dataset;

/**
 * Something wrong with one input that was skipped: the file (relative to the dataset when possible), a one-line
 * reason meant for the user, and what kind of problem it is, for callers that word their summary by cause.
 */
public record Problem(String file, String reason, Kind kind) {

    /** What kind of problem. */
    public enum Kind {
        /** A label whose length or characters do not fit the label length or alphabet the dataset is read with. */
        LABEL_MISFIT,
        /** Anything else: an unreadable file or row, an empty label, a folder with nothing usable. */
        OTHER
    }

    public Problem(String file, String reason) {
        this(file, reason, Kind.OTHER);
    }

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
