package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TilePainterTest {

    @Test
    void confidenceIsWholePercentWithOneDecimalBelowTenPercent() {
        assertThat(TilePainter.percent(1.0)).isEqualTo("100%");
        assertThat(TilePainter.percent(0.666)).isEqualTo("67%");
        assertThat(TilePainter.percent(0.1)).isEqualTo("10%");
        assertThat(TilePainter.percent(0.0996)).isEqualTo("10.0%");
        assertThat(TilePainter.percent(0.0423)).isEqualTo("4.2%");
        assertThat(TilePainter.percent(0.0005)).isEqualTo("0.1%");
        assertThat(TilePainter.percent(0.0)).isEqualTo("0.0%");
    }

    /**
     * Same text as the String.format it replaces, except exactly on a rounding tie, where the binary value
     * of {@code 100 * p} may sit a hair below the half that {@code 1000 * p} reaches (0.0045: "0.4%" vs "0.5%").
     */
    @Test
    void agreesWithTheFormatItReplacesOverTheWholeRangeExceptOnTies() {
        int ties = 0;
        for (int i = 0; i <= 100_000; i++) {
            double p = i / 100_000.0;
            String expected = p >= 0.1 ? String.format("%.0f%%", 100 * p) : String.format("%.1f%%", 100 * p);
            if (!TilePainter.percent(p).equals(expected)) {
                double scaled = p >= 0.1 ? 100 * p : 1000 * p;
                assertThat(Math.abs(scaled - Math.floor(scaled) - 0.5)).as("p = %s", p).isLessThan(1e-9);
                ties++;
            }
        }
        assertThat(ties).isLessThan(100);
    }
}
