package org.captchalab.training;

/**
 * How an epoch did on the validation split, for choosing the best epoch (the one saved) and for early
 * stopping: a higher full-sequence accuracy is better; at equal accuracy a lower validation loss is better,
 * so a hard run whose accuracy is still 0 keeps its most confident epoch and is not stopped while it learns.
 */
record ValidationScore(double sequenceAccuracy, double loss) {

    /** Before the first epoch: every real score beats it. */
    static final ValidationScore NONE = new ValidationScore(-1, Double.POSITIVE_INFINITY);

    /** Strictly better than {@code best}; an exact tie is not (the earlier epoch stays best). */
    boolean betterThan(ValidationScore best) {
        return sequenceAccuracy > best.sequenceAccuracy
                || (sequenceAccuracy == best.sequenceAccuracy && loss < best.loss);
    }
}
