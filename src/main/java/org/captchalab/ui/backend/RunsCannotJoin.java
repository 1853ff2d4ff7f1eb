package org.captchalab.ui.backend;

/**
 * Thrown by {@link ModelService#load(java.util.List, boolean)} for runs that cannot be read as one model (another
 * input size, label length, alphabet or case rule), before anything is loaded; the message says which and why.
 */
public final class RunsCannotJoin extends IllegalArgumentException {

    public RunsCannotJoin(String message) {
        super(message);
    }
}
