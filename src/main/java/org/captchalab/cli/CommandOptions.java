package org.captchalab.cli;

import java.util.List;
import org.captchalab.model.Preset;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks of option values that several commands make the same way: each refuses a value with a {@link UsageError}
 * naming the option and the value as it was typed.
 */
final class CommandOptions {

    private CommandOptions() {
    }

    /** The preset named by {@code --preset}; an unknown name is a {@link UsageError} listing the known ones. */
    static Preset preset(String name) {
        try {
            return Preset.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--preset must be seed, strong or attention (got " + name + ")");
        }
    }

    /** Refuses a whole-number option below {@code min}. */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new UsageError(option + " must be " + (min == 0 ? "0 or more" : "at least " + min) + " (got "
                    + typed(spec, option) + ")");
        }
    }

    /** Refuses a whole-number option outside {@code min..max}. */
    static void between(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be between " + min + " and " + max + " (got " + typed(spec, option) + ")");
        }
    }

    /** Refuses a number option that is not above 0 (or not finite); {@code zeroAllowed} lets 0 through. */
    static void positive(CommandSpec spec, String option, double value, boolean zeroAllowed) {
        boolean ok = zeroAllowed ? value >= 0 : value > 0;
        if (!ok || Double.isInfinite(value)) {
            throw new UsageError(option + " must be " + (zeroAllowed ? "0 or more" : "more than 0") + " (got "
                    + typed(spec, option) + ")");
        }
    }

    /** Refuses an input size the preset cannot take: below its smallest side its poolings would leave nothing. */
    static void fitsPreset(Preset p, int width, int height, String what) {
        int min = p.minimumInputSide();
        if (width < min || height < min) {
            throw new UsageError(what + " must be at least " + min + "x" + min + " for preset " + p.id() + " (got "
                    + width + "x" + height + ")");
        }
        int max = org.captchalab.model.NetworkSpec.MAX_INPUT_SIDE;
        if (width > max || height > max) {
            throw new UsageError(what + " must be at most " + max + "x" + max + " (got " + width + "x" + height + ")");
        }
    }

    /** The value of an option as it was typed (picocli's last one when given twice), or its value when not typed. */
    static String typed(CommandSpec spec, String option) {
        var o = spec.findOption(option);
        List<String> values = o == null ? List.of() : o.originalStringValues();
        return values.isEmpty() ? (o == null ? "?" : String.valueOf((Object) o.getValue())) : values.get(values.size() - 1);
    }
}
