package org.captchalab.cli;

import org.captchalab.model.Preset;

/** Option values that several commands read the same way, each refused as a mistyped command line. */
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
}
