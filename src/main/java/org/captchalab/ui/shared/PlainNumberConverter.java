package org.captchalab.ui.shared;

import java.math.BigDecimal;
import javafx.util.StringConverter;

/**
 * Text to number for hyper-parameter fields, whatever the user's locale: the whole text must be a number as
 * Java writes one ({@code 0.001}, {@code 1e-3}); anything else (a comma, a trailing letter, nothing) reads as NaN,
 * never as a silently different value, and {@link #read} words it as one line quoting the text as typed.
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

    /**
     * The number {@code text} is, or an {@link IllegalArgumentException} whose message is one line naming the setting
     * and quoting the text as typed: "learning rate '0,001' is not a number (write 0.001)".
     *
     * @param what    the setting, as the user knows it ("learning rate")
     * @param example a number to offer when the text is not one ("0.001 or 1e-3")
     */
    public static double read(String what, String text, String example) {
        double d = new PlainNumberConverter().fromString(text).doubleValue();
        if (!Double.isNaN(d)) {
            return d;
        }
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty (write a number such as " + example + ")");
        }
        String pointed = t.replace(',', '.');
        boolean comma = t.indexOf(',') == t.lastIndexOf(',') && !Double.isNaN(new PlainNumberConverter().fromString(pointed).doubleValue());
        throw new IllegalArgumentException(what + " '" + t + "' is not a number ("
                + (comma ? "write " + pointed + ", with a point" : "write a number such as " + example) + ")");
    }
}
