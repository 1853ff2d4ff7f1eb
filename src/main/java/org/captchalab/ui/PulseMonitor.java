package org.captchalab.ui;

import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Records the gaps between JavaFX pulses with an {@link AnimationTimer}: a gap far above the 16 ms frame
 * period means something held the FX thread. The GUI benchmark reads the worst gap since {@link #reset()}; the
 * status bar shows the worst gap of the last minute, so that a hitch while the window starts (its first layout
 * and frames, 80-170 ms under Xvfb here) does not stand for the rest of the session.
 * {@link #handle} runs on the FX thread; the getters may be read from elsewhere, except
 * {@link #recentMaxGapMillis}, which is for the FX thread.
 */
public final class PulseMonitor extends AnimationTimer {

    /** The window of {@link #recentMaxGapMillis}, in whole seconds. */
    static final int RECENT_SECONDS = 60;

    private volatile long last;
    private volatile long maxGapNanos;
    private volatile long pulses;
    private volatile long over50;
    /** Per second (slot = second % 60): the worst gap that ended in it, and which second the slot holds. */
    private final long[] secondMax = new long[RECENT_SECONDS];
    private final long[] secondOf = new long[RECENT_SECONDS];

    public PulseMonitor() {
        Arrays.fill(secondOf, Long.MIN_VALUE);
    }

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
            long second = Math.floorDiv(now, 1_000_000_000L);
            int slot = (int) Math.floorMod(second, (long) RECENT_SECONDS);
            if (secondOf[slot] != second) {
                secondOf[slot] = second;
                secondMax[slot] = 0;
            }
            secondMax[slot] = Math.max(secondMax[slot], gap);
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

    /**
     * The worst gap that ended within the last {@link #RECENT_SECONDS} seconds before {@code now} (a
     * {@link System#nanoTime()}), 0 when none did. Not cleared by {@link #reset()}.
     */
    public double recentMaxGapMillis(long now) {
        long second = Math.floorDiv(now, 1_000_000_000L);
        long worst = 0;
        for (int i = 0; i < RECENT_SECONDS; i++) {
            if (secondOf[i] > second - RECENT_SECONDS && secondOf[i] <= second) {
                worst = Math.max(worst, secondMax[i]);
            }
        }
        return worst / 1e6;
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
