package org.captchalab.training;

import org.captchalab.model.Predictor;

/**
 * Receives a run's progress. Every call comes on the training thread, so implementations must be quick and
 * must hand anything for a UI over to its own thread (the GUI queues records and drains them a few times a
 * second). A listener that throws an exception is logged and ignored: it cannot break the run. One that throws an
 * Error (a failed assertion, a stack overflow) ends the run as FAILED, as an Error anywhere in it does, except in
 * {@link #finished}, where it is logged and the other listeners still hear the result.
 */
public interface TrainingListener {

    default void iterationDone(IterationMetrics metrics) {
    }

    default void epochDone(EpochMetrics metrics) {
    }

    /**
     * A copy of the network as of the end of an epoch, safe to predict with on any thread while training
     * continues (never the network being trained).
     */
    default void snapshot(int epoch, Predictor predictor) {
    }

    /** Free-form progress, e.g. "decoding images", "resumed at epoch 4". */
    default void message(String text) {
    }

    /**
     * Images that would not decode were left out of the run before its first epoch: one line naming the first and
     * counting the others, for the user to see (the run goes on without them).
     */
    default void leftOut(String note) {
    }

    default void finished(TrainingResult result) {
    }
}
