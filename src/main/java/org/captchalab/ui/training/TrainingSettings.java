package org.captchalab.ui.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.captchalab.training.TrainingConfig;
import org.captchalab.ui.shared.PlainNumberConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings the Training tab starts a run with, as remembered between launches: the last run started sets
 * the next launch's defaults. Stored as text, each value read on its own: one that is missing, damaged or out of the
 * tab's ranges (an older version's, an edited preferences file) falls back to its default, and is only logged; the
 * others are kept.
 *
 * @param learningRate the learning rate as typed ({@code 1e-3} stays {@code 1e-3})
 * @param weightDecay  the weight decay as typed
 */
public record TrainingSettings(String preset, int epochs, int batchSize, String learningRate, int timeLimitMinutes,
                               String weightDecay, boolean augment, double augmentStrength) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSettings.class);

    public static final List<String> PRESETS = List.of("seed", "strong", "attention");
    /** The tab's ranges: its spinners take these, and a remembered value outside them is not restored. */
    static final int MAX_EPOCHS = 1000;
    static final int MAX_BATCH = 4096;
    static final int MAX_TIME_LIMIT = 10000;
    static final double MIN_STRENGTH = 0.5;
    static final double MAX_STRENGTH = 4;

    public static final TrainingSettings DEFAULTS = new TrainingSettings("seed", 10, 64, "0.001", 0, "0", false, 1);

    /** Where the settings are kept (the window's preferences); {@link #NONE} keeps nothing. */
    public interface Store {
        /** The values stored, by key; empty when none. */
        Map<String, String> load();

        void save(Map<String, String> values);

        Store NONE = new Store() {
            @Override
            public Map<String, String> load() {
                return Map.of();
            }

            @Override
            public void save(Map<String, String> values) {
            }
        };
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("epochs", Integer.toString(epochs));
        m.put("batch", Integer.toString(batchSize));
        m.put("learning-rate", learningRate);
        m.put("time-limit", Integer.toString(timeLimitMinutes));
        m.put("weight-decay", weightDecay);
        m.put("augment", Boolean.toString(augment));
        m.put("augment-strength", Double.toString(augmentStrength));
        return m;
    }

    /** The settings {@code stored} holds, each value that is not a valid one replaced by its default. */
    static TrainingSettings fromMap(Map<String, String> stored) {
        TrainingSettings d = DEFAULTS;
        String preset = read(stored, "preset", d.preset, PRESETS::contains);
        int epochs = Integer.parseInt(read(stored, "epochs", "" + d.epochs, s -> intIn(s, 1, MAX_EPOCHS)));
        int batch = Integer.parseInt(read(stored, "batch", "" + d.batchSize, s -> intIn(s, 1, MAX_BATCH)));
        int limit = Integer.parseInt(read(stored, "time-limit", "" + d.timeLimitMinutes, s -> intIn(s, 0, MAX_TIME_LIMIT)));
        String rate = read(stored, "learning-rate", d.learningRate,
                s -> TrainingConfig.validLearningRate(number(s)));
        double r = number(rate);
        String decay = read(stored, "weight-decay", d.weightDecay,
                s -> TrainingConfig.validWeightDecay(number(s)) && TrainingConfig.validDecayStep(r, number(s)));
        boolean augment = Boolean.parseBoolean(read(stored, "augment", "" + d.augment,
                s -> s.equals("true") || s.equals("false")));
        double strength = Double.parseDouble(read(stored, "augment-strength", "" + d.augmentStrength,
                s -> number(s) >= MIN_STRENGTH && number(s) <= MAX_STRENGTH));
        return new TrainingSettings(preset, epochs, batch, rate, limit, decay, augment, strength);
    }

    private static String read(Map<String, String> stored, String key, String fallback,
                               java.util.function.Predicate<String> valid) {
        String s = stored.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            if (valid.test(s)) {
                return s;
            }
        } catch (RuntimeException e) {
            // not a number: as invalid
        }
        LOG.info("remembered training setting {}='{}' is not valid; using {}", key, s, fallback);
        return fallback;
    }

    private static boolean intIn(String s, int min, int max) {
        int v = Integer.parseInt(s);
        return v >= min && v <= max;
    }

    /** The number the text is, NaN when it is not one (NaN fails every range check). */
    private static double number(String s) {
        return new PlainNumberConverter().fromString(s).doubleValue();
    }
}
