package org.captchalab.training;

import java.util.List;
import org.captchalab.model.CaptchaNetwork;

/**
 * How a run ended. {@code network} is the best network by validation full-sequence accuracy (or the last one
 * when no epoch finished); it is null only when the run failed before training anything.
 */
public record TrainingResult(Status status, String message, List<EpochMetrics> history, int bestEpoch,
                             CaptchaNetwork network) {

    public enum Status {
        /** All epochs ran. */
        COMPLETED,
        /** Validation accuracy stopped improving for {@code patience} epochs. */
        EARLY_STOPPED,
        /** The time limit was reached. */
        TIME_LIMIT,
        /** The user asked to stop. */
        STOPPED,
        /** A NaN/infinite loss, too little memory, or another error; {@code message} says which. */
        FAILED
    }

    public TrainingResult {
        history = List.copyOf(history);
    }

    public boolean succeeded() {
        return status != Status.FAILED && network != null;
    }

    /**
     * Whether the run failed because its loss became NaN or infinite after at least one epoch had ended: the only
     * failure that still has a network, {@code network} being its best epoch so far (the CLI keeps the checkpoint to
     * resume with a lower learning rate; the window, which resumes no checkpoint, saves that network as the run).
     */
    public boolean divergedAfterAnEpoch() {
        return status == Status.FAILED && network != null && !history.isEmpty();
    }
}
