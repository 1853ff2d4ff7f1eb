package org.captchalab.ui.shared;

import org.captchalab.dataset.ErrorLines;

/** Turns exceptions into one plain line for the user ({@link ErrorLines}); the stack trace only goes to the log. */
public final class Messages {

    private Messages() {
    }

    public static String oneLine(Throwable t) {
        return ErrorLines.oneLine(t);
    }
}
