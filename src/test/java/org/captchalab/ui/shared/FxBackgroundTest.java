package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window's background pools: long jobs (predicting every image, comparing runs) never hold the short ones up. */
@ExtendWith(ApplicationExtension.class)
class FxBackgroundTest {

    @Start
    void start(Stage stage) {
        // no window: the FX thread is what the pools hand their results to
    }

    @Test
    void aShortJobRunsWhileLongJobsHoldEveryLongWorker() throws Exception {
        FxBackground background = new FxBackground("test-bg", 2, new FxBackground("test-long", 2));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        try {
            for (int i = 0; i < 2; i++) {
                background.longJobs().run("long", () -> {
                    bothRunning.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }, done -> { }, e -> { });
            }
            assertThat(bothRunning.await(10, TimeUnit.SECONDS)).as("both long jobs started").isTrue();
            CompletableFuture<Boolean> shortJob = new CompletableFuture<>();
            background.run("filter", () -> 42, v -> shortJob.complete(v == 42 && Platform.isFxApplicationThread()),
                    shortJob::completeExceptionally);
            assertThat(shortJob.get(10, TimeUnit.SECONDS)).as("its result reaches the FX thread").isTrue();
        } finally {
            release.countDown();
            background.shutdown();
        }
    }
}
