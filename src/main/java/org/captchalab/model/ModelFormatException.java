package org.captchalab.model;

/** A saved network or model folder that cannot be used; the message is one line meant for the user. */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
