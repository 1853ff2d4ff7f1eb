package org.captchalab.cli;

/**
 * A mistyped command line found by a command itself (an option value out of range, a combination that cannot work):
 * shown as one line, exit status 2, like picocli's own parse errors.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
