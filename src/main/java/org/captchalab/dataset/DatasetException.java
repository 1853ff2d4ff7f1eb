package org.captchalab.dataset;

import java.io.IOException;

/**
 * A dataset that cannot be opened at all (not a folder, unreadable, an explicit labels file that is missing).
 * The message is one line for the user; problems with single files are {@link Problem}s instead.
 */
public class DatasetException extends IOException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
