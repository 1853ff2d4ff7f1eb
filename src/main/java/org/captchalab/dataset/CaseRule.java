package org.captchalab.dataset;

import java.util.Locale;

/** How label text is normalised before it is checked and trained on. */
public enum CaseRule {
    /** Labels are used exactly as given. */
    KEEP,
    /** Labels are folded to lowercase: the QQ captcha's rule (mixed-case glyphs, lowercase labels). */
    FOLD_LOWER;

    /** The rule as {@code info} prints it ("case rule: keep", "fold-lower"), for messages. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A case rule as saved in run.json ({@code KEEP}) in the words of {@link #word()}; text that names no rule is
     * given back as it is.
     */
    public static String word(String saved) {
        for (CaseRule r : values()) {
            if (r.name().equals(saved)) {
                return r.word();
            }
        }
        return saved;
    }

    public String apply(String label) {
        if (label == null) {
            return null;
        }
        return this == FOLD_LOWER ? label.toLowerCase(Locale.ROOT) : label;
    }
}
