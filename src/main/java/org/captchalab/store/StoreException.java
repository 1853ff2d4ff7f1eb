package org.captchalab.store;

/**
 * The work store could not do what was asked (disk full, database damaged, folder not creatable). Unchecked
 * because callers run store calls in background tasks that report any failure as one line anyway.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
