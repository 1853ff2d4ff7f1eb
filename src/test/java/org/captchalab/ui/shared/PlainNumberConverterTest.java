package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PlainNumberConverterTest {

    private final PlainNumberConverter c = new PlainNumberConverter();

    @Test
    void readsTheWholeTextAsJavaWritesNumbersInAnyLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(c.fromString("0.02").doubleValue()).isEqualTo(0.02);
            assertThat(c.fromString(" 5e-4 ").doubleValue()).isEqualTo(5e-4);
            assertThat(c.fromString("1E-3").doubleValue()).isEqualTo(1e-3);
            assertThat(c.fromString(".5").doubleValue()).isEqualTo(0.5);
            assertThat(c.fromString("3").doubleValue()).isEqualTo(3.0);
            assertThat(c.fromString("-1").doubleValue()).isEqualTo(-1.0);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void anythingElseIsNotANumberRatherThanAPrefixOrZero() {
        for (String bad : new String[] {"0,02", "5e", "0.1x", "", "  ", "abc", "NaN", "Infinity", "1d", "1.0f"}) {
            assertThat(c.fromString(bad).doubleValue()).as(bad).isNaN();
        }
    }

    @Test
    void showsNumbersPlainly() {
        assertThat(c.toString(1e-3)).isEqualTo("0.001");
        assertThat(c.toString(0.0)).isEqualTo("0");
        assertThat(c.toString(2e-4)).isEqualTo("0.0002");
        assertThat(c.toString(Double.NaN)).isEmpty();
    }
}
