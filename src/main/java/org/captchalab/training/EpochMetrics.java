package org.captchalab.training;

/**
 * One finished epoch: mean training loss over its minibatches, validation loss, and per-position and
 * full-sequence accuracy on (a fixed subset of) the training set and on the validation set.
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double[] trainPositionAccuracy,
                           double trainSequenceAccuracy, double[] valPositionAccuracy, double valSequenceAccuracy,
                           double seconds, double imagesPerSecond) {
}
