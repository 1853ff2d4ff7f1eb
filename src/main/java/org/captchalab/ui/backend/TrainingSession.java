package org.captchalab.ui.backend;

/** Controls for a run in progress; every method returns at once and is safe from any thread. */
public interface TrainingSession {
    void pause();

    void resume();

    /** Asks the run to stop after the current minibatch; it still saves and reports {@code finished}. */
    void stop();

    /**
     * Waits, for at most {@code millis}, until the run has ended: saved, removed what it left when it saved nothing,
     * or failed. The one method that blocks: the window calls it off the FX thread, when it closes during a run.
     *
     * @return whether the run has ended
     */
    boolean awaitEnd(long millis) throws InterruptedException;
}
