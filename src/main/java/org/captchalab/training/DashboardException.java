package org.captchalab.training;

/**
 * The DL4J dashboard could not be shown: its message is the one line a user reads (what failed and why, no
 * exception class names); the cause, if any, is for the log.
 */
public final class DashboardException extends Exception {

    private final boolean portTaken;

    DashboardException(String message, Throwable cause) {
        this(message, cause, false);
    }

    DashboardException(String message, Throwable cause, boolean portTaken) {
        super(message, cause);
        this.portTaken = portTaken;
    }

    /** True when the port asked for is held by another program (choosing another one helps). */
    public boolean portTaken() {
        return portTaken;
    }
}
