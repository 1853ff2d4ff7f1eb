package org.captchalab.ui.backend;

/**
 * What a run reports, called on the training thread. Implementations must only queue the data and return:
 * the GUI drains the queue a few times per second.
 */
public interface TrainingEvents {

    /** One minibatch: global iteration, epoch (1-based), loss, images per second, fraction of the run done. */
    record Iteration(long iteration, int epoch, double loss, double imagesPerSecond, double progress,
                     long etaMillis) {
    }

    /** One epoch: losses and accuracies; per-position arrays are in position order. */
    record Epoch(int epoch, long iteration, double trainLoss, double valLoss, double[] trainPositionAccuracy,
                 double[] valPositionAccuracy, double trainSequenceAccuracy, double valSequenceAccuracy) {
    }

    void iteration(Iteration it);

    void epoch(Epoch ep);

    /** How a run that did not fail ended. */
    enum Ending {
        /** All its epochs ran. */
        COMPLETED,
        /** Validation accuracy stopped improving (early stopping). */
        EARLY_STOPPED,
        /** Its time limit was reached. */
        TIME_LIMIT,
        /** The user stopped it. */
        STOPPED,
        /** Its loss became NaN or infinite after an epoch had ended: saved with its best epoch so far. */
        DIVERGED
    }

    /** The run ended normally (completed, early-stopped, stopped or timed out) after at least one epoch and was saved. */
    void finished(RunSummary run, Ending ending);

    /** The run was stopped, or reached its time limit, before its first epoch ended, so nothing was saved. */
    void endedUnsaved(Ending ending);

    /** Images that would not decode were left out of the run, which goes on: one line for the user. */
    default void leftOut(String note) {
    }

    /** The run failed; {@code message} is one plain line for the user. */
    void failed(String message);
}
