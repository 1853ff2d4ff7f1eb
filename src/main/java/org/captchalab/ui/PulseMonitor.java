package org.captchalab.ui;

import javafx.animation.AnimationTimer;

/**
 * Records the gaps between JavaFX pulses with an {@link AnimationTimer}: a gap far above the 16 ms frame
 * period means something held the FX thread. The status bar shows the worst gap; the GUI benchmark reads it.
 * FX thread only (the timer's handle runs there); the getters may be read from elsewhere.
 */
public final class PulseMonitor extends AnimationTimer {

    private volatile long last;
    private volatile long maxGapNanos;
    private volatile long pulses;
    private volatile long over50;

    @Override
    public void handle(long now) {
        if (last != 0) {
            long gap = now - last;
            if (gap > maxGapNanos) {
                maxGapNanos = gap;
            }
            if (gap > 50_000_000L) {
                over50++;
            }
        }
        last = now;
        pulses++;
    }

    /** Forgets the history (e.g. after start-up) so the next figure covers only what follows. */
    public void reset() {
        last = 0;
        maxGapNanos = 0;
        pulses = 0;
        over50 = 0;
    }

    /** {@link System#nanoTime()} of the latest pulse (0 before the first), for a watchdog. */
    public long lastPulseNanos() {
        return last;
    }

    public double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    public long pulses() {
        return pulses;
    }

    public long gapsOver50ms() {
        return over50;
    }
}
