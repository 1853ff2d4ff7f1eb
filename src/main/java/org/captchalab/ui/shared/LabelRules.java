package org.captchalab.ui.shared;

import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaseRule;

/**
 * The dataset's rules for a label, checked as the user types: the case rule is applied first (so typing
 * "AbCd" on a fold-to-lowercase dataset is fine), then the alphabet and the length.
 */
public record LabelRules(Alphabet alphabet, int length, CaseRule caseRule) {

    /** The label as it would be saved. */
    public String normalise(String typed) {
        return caseRule.apply(typed == null ? "" : typed.strip());
    }

    /** A short reason the typed label cannot be saved, or null when it can. */
    public String problem(String typed) {
        String label = normalise(typed);
        if (label.isEmpty()) {
            return "type the label";
        }
        String bad = alphabet.outside(label);
        if (!bad.isEmpty()) {
            return "not in the alphabet: " + bad;
        }
        if (length > 0 && label.length() != length) {
            return label.length() + " of " + length + " characters";
        }
        return null;
    }
}
