package org.captchalab.training;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.captchalab.model.Preset;

/**
 * Everything that decides how a run trains, with documented defaults ({@link #defaults(Preset)}).
 *
 * @param preset            network preset
 * @param epochs            upper bound on epochs (default 30)
 * @param batchSize         images per minibatch (default 64; lower it when memory is short)
 * @param learningRate      Adam's learning rate (default 1e-3, the write-up's)
 * @param timeLimit         stop after the minibatch that crosses this much training time (null: no limit;
 *                          paused time does not count)
 * @param seed              seeds weights, shuffling, augmentation and dropout (default {@link #DEFAULT_SEED})
 * @param augment           random small shifts, rotation, scale and noise on training images (default off)
 * @param patience          stop when validation full-sequence accuracy has not improved for this many epochs
 *                          (a tie with a lower validation loss counts as better, so a hard run whose accuracy
 *                          is still 0 is not stopped while it learns; default 6; 0 disables early stopping)
 * @param trainEvalLimit    training images scored at each epoch end for the train accuracy (default 2,000;
 *                          a fixed seeded subset, so the curve is comparable between epochs)
 * @param lrPatience        multiply the learning rate by {@link LearningRateSchedule#FACTOR} each time validation has
 *                          gone this many epochs without improving (by the early-stopping rule; default 3; 0 keeps it
 *                          constant)
 */
public record TrainingConfig(Preset preset, int epochs, int batchSize, double learningRate, Duration timeLimit,
                             long seed, boolean augment, int patience, int trainEvalLimit,
                             int lrPatience) {

    /** The fixed default seed, so two runs with default settings are the same run. */
    public static final long DEFAULT_SEED = 1234L;

    public TrainingConfig {
        if (preset == null) {
            throw new IllegalArgumentException("a preset is required");
        }
        if (epochs < 1 || batchSize < 1 || trainEvalLimit < 0 || patience < 0 || lrPatience < 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive, patience, learning-rate patience and train-eval limit not negative");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number: " + learningRate);
        }
    }

    public static TrainingConfig defaults(Preset preset) {
        return new TrainingConfig(preset, 30, 64, 1e-3, null, DEFAULT_SEED, false, 6, 2000, 3);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(preset, e, batchSize, learningRate, timeLimit, seed, augment, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(preset, epochs, b, learningRate, timeLimit, seed, augment, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(preset, epochs, batchSize, lr, timeLimit, seed, augment, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withTimeLimit(Duration limit) {
        return new TrainingConfig(preset, epochs, batchSize, learningRate, limit, seed, augment, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(preset, epochs, batchSize, learningRate, timeLimit, s, augment, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withAugment(boolean a) {
        return new TrainingConfig(preset, epochs, batchSize, learningRate, timeLimit, seed, a, patience, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withPatience(int p) {
        return new TrainingConfig(preset, epochs, batchSize, learningRate, timeLimit, seed, augment, p, trainEvalLimit, lrPatience);
    }

    public TrainingConfig withLrPatience(int p) {
        return new TrainingConfig(preset, epochs, batchSize, learningRate, timeLimit, seed, augment, patience, trainEvalLimit, p);
    }

    /** The hyper-parameters as written to run.json. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("optimizer", "adam");
        m.put("loss", "softmax cross-entropy summed over positions");
        m.put("label_smoothing", preset.labelSmoothing());
        m.put("augment", augment);
        m.put("patience", patience);
        m.put("learning_rate_schedule", lrPatience == 0 ? "constant"
                : "x" + LearningRateSchedule.FACTOR + " after every " + lrPatience + " epochs without validation improvement");
        m.put("time_limit_seconds", timeLimit == null ? null : timeLimit.toSeconds());
        return m;
    }
}
