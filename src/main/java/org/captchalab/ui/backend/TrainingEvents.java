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

    /** The run ended normally (completed, stopped or timed out) and was saved. */
    void finished(RunSummary run);

    /** The run failed; {@code message} is one plain line for the user. */
    void failed(String message);
}
