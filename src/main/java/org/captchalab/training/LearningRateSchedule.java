package org.captchalab.training;

import java.util.List;

/**
 * Lowers the learning rate when validation stops improving ("reduce on plateau"): each time
 * {@code lrPatience} epochs in a row have not beaten the best validation score (the early-stopping rule of
 * {@link ValidationScore}), the rate is multiplied by {@link #FACTOR} and the count starts again.
 *
 * <p>The rate is a function of the epoch history alone, so a run resumed from a checkpoint (which keeps the
 * history) continues with exactly the rate an uninterrupted run would have.
 */
final class LearningRateSchedule {

    static final double FACTOR = 0.3;

    private LearningRateSchedule() {
    }

    /** The learning rate for the epoch after {@code history}. */
    static double rateAfter(List<EpochMetrics> history, double baseRate, int lrPatience) {
        if (lrPatience <= 0) {
            return baseRate;
        }
        double rate = baseRate;
        ValidationScore best = ValidationScore.NONE;
        int since = 0;
        for (EpochMetrics m : history) {
            ValidationScore s = new ValidationScore(m.valSequenceAccuracy(), m.valLoss());
            if (s.betterThan(best)) {
                best = s;
                since = 0;
            } else if (++since >= lrPatience) {
                rate *= FACTOR;
                since = 0;
            }
        }
        return rate;
    }
}
