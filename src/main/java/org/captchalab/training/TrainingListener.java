package org.captchalab.training;

/**
 * Receives a run's progress. Every call comes on the training thread, so implementations must be quick and
 * must hand anything for a UI over to its own thread (the GUI queues records and drains them a few times a
 * second). A listener that throws an exception is logged and ignored: it cannot break the run. One that throws an
 * Error (a failed assertion, a stack overflow) ends the run as FAILED, as an Error anywhere in it does, except in
 * {@link #finished}, where it is logged and the other listeners still hear the result. Copies of the network at
 * each epoch's end go to a {@link SnapshotListener} instead, registered apart, since they cost time and memory.
 */
public interface TrainingListener {

    default void iterationDone(IterationMetrics metrics) {
    }

    default void epochDone(EpochMetrics metrics) {
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
