package org.captchalab.dataset;

/**
 * Progress of a dataset scan, for a progress bar and a Cancel button. Called from scanning threads (not the
 * caller's), every few hundred images; implementations must be thread-safe and quick.
 */
public interface ScanProgress {

    /** Ignores progress and never cancels. */
    ScanProgress NONE = (done, total) -> { };

    /** {@code done} of {@code total} image files checked so far. */
    void progress(int done, int total);

    /** True to stop the scan; {@link DatasetLoader} then throws a {@link DatasetException}. */
    default boolean cancelled() {
        return false;
    }
}
