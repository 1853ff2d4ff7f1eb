package org.captchalab.training;

/**
 * The DL4J dashboard could not be shown: its message is the one line a user reads (what failed and why, no
 * exception class names); the cause, if any, is for the log.
 */
public final class DashboardException extends Exception {

    DashboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
