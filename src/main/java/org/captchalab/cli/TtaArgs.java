package org.captchalab.cli;

import org.captchalab.model.Predictor;
import org.captchalab.model.TestTimeShifts;
import picocli.CommandLine.Option;

/** {@code --tta} and {@code --tta-reach N}, shared by {@code eval} and {@code predict}: test-time augmentation by shifting. */
public class TtaArgs {

    /** The reach of {@code --tta} alone: 9 views. */
    static final int DEFAULT_REACH = 2;
    /** The largest reach accepted: 8 pixels, 33 views. */
    static final int MAX_REACH = 8;

    @Option(names = "--tta", description = "read each image also shifted by 1 and 2 pixels left, right, up and down, and"
            + " average the probabilities of the 9 views (9 times the work)")
    boolean on;

    @Option(names = "--tta-reach", paramLabel = "N", description = "with --tta, shift by 1 to N pixels instead (1 + 4N views); refused without --tta")
    Integer reach;

    /** Refuses options that do not go together or are out of range, as a {@link UsageError} (exit 2). */
    void check() {
        String problem = problem();
        if (problem != null) {
            throw new UsageError(problem);
        }
    }

    /** The problem with the options in one line, or null when they are fine. */
    private String problem() {
        if (reach != null && !on) {
            return "--tta-reach needs --tta (got --tta-reach " + reach + " without it)";
        }
        if (reach != null && (reach < 1 || reach > MAX_REACH)) {
            return "--tta-reach must be between 1 and " + MAX_REACH + " pixels (got " + reach + ")";
        }
        return null;
    }

    boolean active() {
        return on;
    }

    /** How far the views reach, in pixels; 0 without the options. */
    int reach() {
        return !active() ? 0 : reach == null ? DEFAULT_REACH : reach;
    }

    /** The views the options ask for ({@link TestTimeShifts#NONE} without them). */
    TestTimeShifts shifts() {
        return TestTimeShifts.cross(reach());
    }

    Predictor apply(Predictor p) {
        return active() ? p.withShifts(shifts()) : p;
    }
}
