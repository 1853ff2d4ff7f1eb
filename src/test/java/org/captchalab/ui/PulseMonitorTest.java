package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The pulse monitor fed made-up pulse times: what the benchmark and the status bar read from it. */
class PulseMonitorTest {

    private static final long MS = 1_000_000L;

    private final PulseMonitor m = new PulseMonitor();
    /** The latest made-up pulse; nanoTime can be any value, so it starts well away from 0. */
    private long now = 1_000_000 * MS;

    /** Steady 16 ms frames until {@code until}. */
    private void framesUntil(long until) {
        while (now + 16 * MS <= until) {
            now += 16 * MS;
            m.handle(now);
        }
    }

    @Test
    void aHitchCountsForAMinuteInTheStatusFigureAndUntilResetInTheBenchmarks() {
        long start = now;
        m.handle(now);
        framesUntil(start + 10_000 * MS);
        now += 140 * MS;
        m.handle(now);
        long hitch = now;
        assertThat(m.recentMaxGapMillis(now)).isCloseTo(140, within(0.01));
        framesUntil(hitch + 58_000 * MS);
        // the status figure: the hitch while it is less than a minute old
        assertThat(m.recentMaxGapMillis(now)).isCloseTo(140, within(0.01));
        framesUntil(hitch + 61_000 * MS);
        assertThat(m.recentMaxGapMillis(now)).isCloseTo(16, within(0.01));
        framesUntil(hitch + 200_000 * MS);
        assertThat(m.recentMaxGapMillis(now)).isCloseTo(16, within(0.01));
        // no pulse in the last minute (a window that stopped pulsing): nothing to show
        assertThat(m.recentMaxGapMillis(now + 120_000 * MS)).isZero();
        // the benchmark's figures keep the hitch until reset
        assertThat(m.maxGapMillis()).isCloseTo(140, within(0.01));
        assertThat(m.gapsOver50ms()).isEqualTo(1);
        m.reset();
        assertThat(m.maxGapMillis()).isZero();
        assertThat(m.pulses()).isZero();
        // the first pulse after a reset starts a new history: the time since the one before is not a gap
        m.handle(now + 500 * MS);
        m.handle(now + 520 * MS);
        assertThat(m.maxGapMillis()).isCloseTo(20, within(0.01));
        assertThat(m.pulses()).isEqualTo(2);
    }
}
