package org.captchalab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.captchalab.model.Preset;
import org.captchalab.training.Augmenter;
import org.captchalab.training.TrainingConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}'s options for how the network trains ({@code --preset}, {@code --epochs}, {@code --lr}, ...), read
 * into a {@link TrainingConfig}: each value is checked here, in words naming the option and the value as typed, before
 * the run is set up. What the run trains on and where it is saved stay with {@link TrainCommand}.
 */
public class TrainingOptions {

    /** The longest --time-limit taken: a year, far below where counting it in nanoseconds would overflow. */
    static final Duration MAX_TIME_LIMIT = Duration.ofDays(365);

    /** The command these options belong to: a refusal quotes a value as it was typed there. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "seed|strong|attention", description = "network preset")
    String preset;

    @Option(names = "--epochs", paramLabel = "E", description = "maximum epochs (default 30)")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "minibatch size (default 64)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default 0.001)")
    Double lr;

    @Option(names = "--time-limit", paramLabel = "DURATION", description = "stop and save after this much training,"
            + " e.g. 90s, 10m, 2h (whole numbers; a number alone is seconds); default none, at most 8760h (a year)")
    String timeLimit;

    @Option(names = "--seed", paramLabel = "S", description = "random seed (default " + TrainingConfig.DEFAULT_SEED + ")")
    Long seed;

    @Option(names = "--patience", paramLabel = "N", description = "early stopping: epochs without val improvement (default 6, 0 = off)")
    Integer patience;

    @Option(names = "--lr-patience", paramLabel = "N", description = "multiply the learning rate by 0.3 after every N epochs without val improvement (default 3, 0 = constant)")
    Integer lrPatience;

    @Option(names = "--augment", description = "random shifts, rotation, scale and noise on training images")
    boolean augment;

    @Option(names = "--augment-strength", paramLabel = "X", description = "how strong --augment is: 1 standard (3 px, 5 degrees, 8 %% scale, noise 6 at 129x53), 2 doubles each; implies --augment (0 to 4)")
    Double augmentStrength;

    @Option(names = "--weight-decay", paramLabel = "X", description = "decoupled weight decay: after each step every weight matrix and kernel is multiplied by 1 - lr * X (default 0 = off; 0 to 10)")
    Double weightDecay;

    @Option(names = "--init-from", paramLabel = "MODEL_DIR", description = "start from a saved run's weights, e.g. to fine-tune after correcting labels: same preset; its input size, alphabet, length and case folding unless given")
    Path initFrom;

    /**
     * The run's configuration from the options, each checked here first so that a value out of range is one line
     * naming the option and the value as typed ({@link UsageError}, exit 2); {@link TrainingConfig} checks again for
     * its other callers.
     */
    TrainingConfig config() {
        Preset p = CommandOptions.preset(preset);
        TrainingConfig c = TrainingConfig.defaults(p);
        if (epochs != null) {
            CommandOptions.atLeast(spec, "--epochs", epochs, 1);
            c = c.withEpochs(epochs);
        }
        if (batch != null) {
            CommandOptions.atLeast(spec, "--batch", batch, 1);
            c = c.withBatchSize(batch);
        }
        if (lr != null) {
            if (!TrainingConfig.validLearningRate(lr)) {
                throw new UsageError("--lr must be a positive number (got " + CommandOptions.typed(spec, "--lr") + ")");
            }
            c = c.withLearningRate(lr);
        }
        if (timeLimit != null) {
            Duration limit;
            try {
                limit = parseDuration(timeLimit);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--time-limit must be a duration such as 90s, 10m or 2h (got " + timeLimit + ")");
            }
            if (limit.isNegative() || limit.isZero()) {
                throw new UsageError("--time-limit must be longer than 0 (got " + timeLimit + ")");
            }
            if (limit.compareTo(MAX_TIME_LIMIT) > 0) {
                throw new UsageError("--time-limit must be at most " + MAX_TIME_LIMIT.toHours() + "h (got " + timeLimit
                        + "); leave it out for no limit");
            }
            c = c.withTimeLimit(limit);
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (lrPatience != null) {
            CommandOptions.atLeast(spec, "--lr-patience", lrPatience, 0);
            c = c.withLrPatience(lrPatience);
        }
        if (patience != null) {
            CommandOptions.atLeast(spec, "--patience", patience, 0);
            c = c.withPatience(patience);
        }
        if (initFrom != null) {
            c = c.withInitFrom(initFrom);
        }
        if (weightDecay != null) {
            if (!TrainingConfig.validWeightDecay(weightDecay)) {
                throw new UsageError("--weight-decay must be between 0 and " + (int) TrainingConfig.MAX_WEIGHT_DECAY
                        + " (got " + CommandOptions.typed(spec, "--weight-decay") + ")");
            }
            if (!TrainingConfig.validDecayStep(c.learningRate(), weightDecay)) {
                throw new UsageError("--lr times --weight-decay must be below 1, since each step multiplies the weights by 1 minus it (got "
                        + (lr != null ? CommandOptions.typed(spec, "--lr") : c.learningRate()) + " x " + CommandOptions.typed(spec, "--weight-decay") + ")");
            }
            c = c.withWeightDecay(weightDecay);
        }
        if (augmentStrength != null) {
            if (!Augmenter.validStrength(augmentStrength)) {
                throw new UsageError("--augment-strength must be between 0 and " + (int) Augmenter.MAX_STRENGTH
                        + " (got " + CommandOptions.typed(spec, "--augment-strength") + ")");
            }
            return c.withAugmentStrength(augmentStrength);
        }
        return c.withAugment(augment);
    }

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the duration '" + s + "' (use e.g. 90s, 10m, 2h)");
        }
    }
}
