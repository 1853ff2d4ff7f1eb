package org.captchalab.dataset;

import java.util.Locale;

/** How label text is normalised before it is checked and trained on. */
public enum CaseRule {
    /** Labels are used exactly as given. */
    KEEP,
    /** Labels are folded to lowercase: the QQ captcha's rule (mixed-case glyphs, lowercase labels). */
    FOLD_LOWER;

    public String apply(String label) {
        if (label == null) {
            return null;
        }
        return this == FOLD_LOWER ? label.toLowerCase(Locale.ROOT) : label;
    }
}
