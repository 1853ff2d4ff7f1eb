package org.captchalab.ui.shared;

import java.math.BigDecimal;
import javafx.util.StringConverter;

/**
 * Text to number for hyper-parameter fields, whatever the user's locale: the whole text must be a number as
 * Java writes one ({@code 0.001}, {@code 1e-3}); anything else (a comma, a trailing letter, nothing) reads as NaN,
 * which the run refuses with a one-line reason when Start is pressed, instead of a silently different value.
 * Numbers are shown plainly ({@code 0.001}, not {@code 1.0E-3}).
 */
public final class PlainNumberConverter extends StringConverter<Number> {

    @Override
    public String toString(Number n) {
        if (n == null || Double.isNaN(n.doubleValue())) {
            return "";
        }
        double d = n.doubleValue();
        return Double.isInfinite(d) ? Double.toString(d) : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Override
    public Number fromString(String s) {
        String t = s == null ? "" : s.strip();
        // parseDouble also takes "NaN", "Infinity" and a trailing d or f; none of them is a setting
        if (t.isEmpty() || !t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }
}
