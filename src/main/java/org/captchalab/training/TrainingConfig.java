package org.captchalab.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
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
 * @param augmentStrength   how strongly training images are distorted by random shifts, rotation, scale and noise:
 *                          0 is off (the default), 1 is {@code --augment}'s standard amount ({@link Augmenter#standard}),
 *                          2 doubles every range and the noise
 * @param patience          stop when validation full-sequence accuracy has not improved for this many epochs
 *                          (a tie with a lower validation loss counts as better, so a hard run whose accuracy
 *                          is still 0 is not stopped while it learns; default 6; 0 disables early stopping)
 * @param trainEvalLimit    training images scored at each epoch end for the train accuracy (default 2,000;
 *                          a fixed seeded subset, so the curve is comparable between epochs)
 * @param lrPatience        multiply the learning rate by {@link LearningRateSchedule#FACTOR} each time validation has
 *                          gone this many epochs without improving (by the early-stopping rule; default 3; 0 keeps it
 *                          constant)
 * @param initFrom          a saved run's folder whose weights a new run starts from instead of fresh ones (fine-tuning,
 *                          e.g. after correcting labels); it must have the same preset, alphabet, label length and
 *                          input size. Null (the default): weights from the seed. A run that resumes a checkpoint
 *                          ignores it.
 * @param weightDecay       decoupled weight decay (as in AdamW): after every Adam step each weight matrix and
 *                          convolution kernel is multiplied by {@code 1 - learningRate * weightDecay}, at the learning
 *                          rate of that step; biases, batch-norm scales and shifts and attention priors are not decayed
 *                          (default 0: off; 0 to {@link #MAX_WEIGHT_DECAY})
 */
public record TrainingConfig(Preset preset, int epochs, int batchSize, double learningRate, Duration timeLimit,
                             long seed, double augmentStrength, int patience, int trainEvalLimit,
                             int lrPatience, Path initFrom, double weightDecay) {

    /** The fixed default seed, so two runs with default settings are the same run. */
    public static final long DEFAULT_SEED = 1234L;

    /**
     * The largest weight decay accepted: at 1e-3 (the default learning rate) 10 shrinks each weight by 1 % per step,
     * which erases what a run learns; useful values are around 0.01-0.5.
     */
    public static final double MAX_WEIGHT_DECAY = 10;

    public TrainingConfig {
        if (preset == null) {
            throw new IllegalArgumentException("a preset is required");
        }
        if (epochs < 1 || batchSize < 1 || trainEvalLimit < 0 || patience < 0 || lrPatience < 0) {
            throw new IllegalArgumentException("epochs and batch size must be positive, patience, learning-rate patience and train-eval limit not negative");
        }
        Augmenter.checkStrength(augmentStrength);
        if (!validWeightDecay(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be between 0 and " + (int) MAX_WEIGHT_DECAY + ": " + weightDecay);
        }
        if (!validLearningRate(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number: " + learningRate);
        }
        if (!validDecayStep(learningRate, weightDecay)) {
            throw new IllegalArgumentException("learning rate x weight decay must be below 1 (each step multiplies the weights by 1 minus it): "
                    + learningRate + " x " + weightDecay);
        }
    }

    /**
     * The rules for the settings a user types, in one place for the command line and the window (each words its own
     * refusal): a learning rate is a finite number above 0; a weight decay is 0 to {@link #MAX_WEIGHT_DECAY}; and
     * their product is below 1, since each step multiplies the weights by 1 minus it (at 0 or below that wipes them
     * or flips their signs).
     */
    public static boolean validLearningRate(double rate) {
        return rate > 0 && !Double.isInfinite(rate);
    }

    /** See {@link #validLearningRate}. */
    public static boolean validWeightDecay(double decay) {
        return decay >= 0 && decay <= MAX_WEIGHT_DECAY;
    }

    /** See {@link #validLearningRate}. */
    public static boolean validDecayStep(double rate, double decay) {
        return rate * decay < 1;
    }

    public static TrainingConfig defaults(Preset preset) {
        return new TrainingConfig(preset, 30, 64, 1e-3, null, DEFAULT_SEED, 0, 6, 2000, 3, null, 0);
    }

    /**
     * Whether early stopping has ended a run that went {@code epochsWithoutImprovement} epochs without a better
     * validation score: the loop stops on it, and a resumed run whose checkpoint says so trains no more.
     */
    public boolean patienceRunOut(int epochsWithoutImprovement) {
        return patience > 0 && epochsWithoutImprovement >= patience;
    }

    public TrainingConfig withEpochs(int e) {
        return with(c -> c.epochs = e);
    }

    public TrainingConfig withBatchSize(int b) {
        return with(c -> c.batchSize = b);
    }

    public TrainingConfig withLearningRate(double lr) {
        return with(c -> c.learningRate = lr);
    }

    public TrainingConfig withTimeLimit(Duration limit) {
        return with(c -> c.timeLimit = limit);
    }

    public TrainingConfig withSeed(long s) {
        return with(c -> c.seed = s);
    }

    /** True when training images are augmented ({@code augmentStrength > 0}). */
    public boolean augment() {
        return augmentStrength > 0;
    }

    /** On: the standard strength (1); off: 0. */
    public TrainingConfig withAugment(boolean a) {
        return withAugmentStrength(a ? 1 : 0);
    }

    public TrainingConfig withAugmentStrength(double strength) {
        return with(c -> c.augmentStrength = strength);
    }

    public TrainingConfig withPatience(int p) {
        return with(c -> c.patience = p);
    }

    public TrainingConfig withLrPatience(int p) {
        return with(c -> c.lrPatience = p);
    }

    public TrainingConfig withInitFrom(Path modelFolder) {
        return with(c -> c.initFrom = modelFolder);
    }

    public TrainingConfig withWeightDecay(double decay) {
        return with(c -> c.weightDecay = decay);
    }

    /**
     * This config with one change, checked by the constructor like any other. The components are named here and
     * copied in {@link Components}, not listed in order in every wither: patience and lrPatience are both ints, and a
     * positional list written out ten times would let a swap of the two compile.
     */
    private TrainingConfig with(Consumer<Components> change) {
        Components c = new Components(this);
        change.accept(c);
        return c.config();
    }

    /** The components of a config, as fields a wither can set by name. */
    private static final class Components {
        Preset preset;
        int epochs;
        int batchSize;
        double learningRate;
        Duration timeLimit;
        long seed;
        double augmentStrength;
        int patience;
        int trainEvalLimit;
        int lrPatience;
        Path initFrom;
        double weightDecay;

        Components(TrainingConfig t) {
            preset = t.preset;
            epochs = t.epochs;
            batchSize = t.batchSize;
            learningRate = t.learningRate;
            timeLimit = t.timeLimit;
            seed = t.seed;
            augmentStrength = t.augmentStrength;
            patience = t.patience;
            trainEvalLimit = t.trainEvalLimit;
            lrPatience = t.lrPatience;
            initFrom = t.initFrom;
            weightDecay = t.weightDecay;
        }

        TrainingConfig config() {
            return new TrainingConfig(preset, epochs, batchSize, learningRate, timeLimit, seed, augmentStrength, patience,
                    trainEvalLimit, lrPatience, initFrom, weightDecay);
        }
    }

    /** The hyper-parameters as written to run.json. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("optimizer", weightDecay > 0 ? "adamw" : "adam");
        m.put("loss", "softmax cross-entropy summed over positions");
        m.put("weight_decay", weightDecay);
        m.put("label_smoothing", preset.labelSmoothing());
        m.put("augment", augment());
        m.put("augment_strength", augmentStrength);
        m.put("patience", patience);
        m.put("learning_rate_schedule", lrPatience == 0 ? "constant"
                : "x" + LearningRateSchedule.FACTOR + " after every " + lrPatience + " epochs without validation improvement");
        m.put("time_limit_seconds", timeLimit == null ? null : timeLimit.toSeconds());
        if (initFrom != null) {
            m.put("initialised_from", initFrom.toAbsolutePath().normalize().toString());
        }
        return m;
    }
}
