package org.captchalab.ui.shared;

import java.math.BigInteger;
import java.util.function.Function;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;

/**
 * Value factories for editable spinners whose typed text never throws. JavaFX's stock converters throw a
 * {@code NumberFormatException} (or a wrapped {@code ParseException}) on the FX thread when the typed text is not a
 * number, and leave that text in the field; these put the value the spinner had back in the field instead. A whole
 * number or decimal out of range is clamped to the range by the factory, as the arrows are. Decimals are read as the
 * command line reads them ({@code 1.5}, in any locale; {@link PlainNumberConverter}).
 */
public final class SpinnerInput {

    private SpinnerInput() {
    }

    /** Whole numbers from {@code min} to {@code max}, stepping by {@code step}. */
    public static void integers(Spinner<Integer> spinner, int min, int max, int initial, int step) {
        integers(spinner, min, max, initial, step, null);
    }

    /**
     * Whole numbers from {@code min} to {@code max}, stepping by {@code step}, with 0 shown as {@code zeroWord} (e.g.
     * "none" for a limit that 0 turns off), which is also read as 0, as is a 0 typed in.
     */
    public static void integers(Spinner<Integer> spinner, int min, int max, int initial, int step, String zeroWord) {
        var factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, initial, step);
        Function<String, Integer> parse = text -> zeroWord != null && text != null && text.strip().equalsIgnoreCase(zeroWord)
                ? Integer.valueOf(0) : wholeNumber(text);
        Function<Integer, String> show = n -> zeroWord != null && n == 0 ? zeroWord : String.valueOf(n);
        factory.setConverter(new Keeping<>(spinner, factory, parse, show));
        spinner.setValueFactory(factory);
    }

    /** Decimals from {@code min} to {@code max}, stepping by {@code step}. */
    public static void decimals(Spinner<Double> spinner, double min, double max, double initial, double step) {
        var factory = new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, initial, step);
        PlainNumberConverter plain = new PlainNumberConverter();
        factory.setConverter(new Keeping<>(spinner, factory, text -> {
            double d = plain.fromString(text).doubleValue();
            return Double.isNaN(d) ? null : d;
        }, plain::toString));
        spinner.setValueFactory(factory);
    }

    /** The whole number the text is (held to int's range, which the factory then clamps), or null. */
    static Integer wholeNumber(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[-+]?\\d+")) {
            return null;
        }
        BigInteger n = new BigInteger(t);
        return n.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /** Reads typed text; text that is not a number gives the current value back and shows it again. */
    private static final class Keeping<T> extends StringConverter<T> {
        private final Spinner<T> spinner;
        private final SpinnerValueFactory<T> factory;
        private final Function<String, T> parse;
        private final Function<T, String> show;

        Keeping(Spinner<T> spinner, SpinnerValueFactory<T> factory, Function<String, T> parse, Function<T, String> show) {
            this.spinner = spinner;
            this.factory = factory;
            this.parse = parse;
            this.show = show;
        }

        @Override
        public String toString(T value) {
            return value == null ? "" : show.apply(value);
        }

        @Override
        public T fromString(String text) {
            T value = parse.apply(text);
            if (value != null) {
                return value;
            }
            T kept = factory.getValue();
            // the value does not change, so the spinner would not write its text again
            spinner.getEditor().setText(toString(kept));
            return kept;
        }
    }
}
