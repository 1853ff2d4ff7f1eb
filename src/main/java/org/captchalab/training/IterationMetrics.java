package org.captchalab.training;

/**
 * One minibatch: where the run is, the loss of each head and their sum, and the throughput so far this epoch.
 *
 * @param iteration       minibatches trained since the run began (across epochs and resumes)
 * @param batchInEpoch    1-based index of this minibatch in its epoch
 * @param imagesPerSecond training images per second over this epoch so far
 */
public record IterationMetrics(int epoch, int iteration, int batchInEpoch, int batchesPerEpoch, double[] headLosses,
                               double totalLoss, double imagesPerSecond) {
}
