package org.captchalab.ui.backend;

import org.captchalab.model.InferenceLanes;

/**
 * How many native threads ND4J may use for the window's work (training runs started from the window, and
 * predicting): one core fewer than the machine has, at least one, so that the window's own threads (events,
 * layout, rendering, thumbnails) keep a core while ND4J fills the rest. With ND4J on every core a training
 * run stretched the gaps between the window's frames to hundreds of milliseconds. The command line is not
 * affected. {@code -Dcaptchalab.nativeThreads=N} overrides the count, e.g. to give a run every core.
 */
public final class NativeThreads {

    public static final String PROPERTY = "captchalab.nativeThreads";

    private NativeThreads() {
    }

    /** The thread count for the window's ND4J work on this machine. */
    public static int forWindow() {
        return forWindow(Runtime.getRuntime().availableProcessors(), System.getProperty(PROPERTY));
    }

    static int forWindow(int cores, String override) {
        if (override != null && !override.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(override.trim()));
            } catch (NumberFormatException e) {
                // fall back to the default below; a typo must not stop the window
            }
        }
        return Math.max(1, cores - 1);
    }

    /**
     * Limits ND4J to {@link #forWindow()} threads for the work the calling thread starts
     * ({@link InferenceLanes#limitCallingThread}), so every thread that runs ND4J operations for the window calls
     * this first. The inference lanes are limited to the same count (none on 2 cores: predictions then run on the
     * calling thread, within its limit).
     */
    static void limitCurrentThread() {
        InferenceLanes.limitCallingThread(forWindow());
    }
}
