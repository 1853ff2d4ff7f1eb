package org.captchalab.ui.backend;

/** Controls for a run in progress; every method returns at once and is safe from any thread. */
public interface TrainingSession {
    void pause();

    void resume();

    /** Asks the run to stop after the current minibatch; it still saves and reports {@code finished}. */
    void stop();
}
