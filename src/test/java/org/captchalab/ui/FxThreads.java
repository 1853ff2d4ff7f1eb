package org.captchalab.ui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/** For the programs that drive the real window from their own main thread (GuiBench, ScreenshotTour). */
final class FxThreads {

    private FxThreads() {
    }

    /** Runs {@code r} on the FX thread and waits for it. */
    static void runOnFx(Runnable r) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                l.countDown();
            }
        });
        l.await();
    }

    /** Polls {@code condition} until it holds or {@code seconds} have passed. */
    static void waitUntil(long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }
}
