package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.Preset;
import org.captchalab.training.TrainingResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop and Pause before the first minibatch: while the images decode (minutes for a large dataset) and once a
 * checkpoint has been read. They used to be looked at only between minibatches, so a run stopped then decoded every
 * image first, and the window, closing, waited for it.
 */
class StopBeforeTrainingTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final int W = 32;
    private static final int H = 16;


    /** Calls {@code action} when the job says a message starting with {@code opening}. */
    private static TrainingListener on(String opening, Runnable action) {
        return new TrainingListener() {
            @Override
            public void message(String text) {
                if (text.startsWith(opening)) {
                    action.run();
                }
            }
        };
    }

    @Test
    void aStopWhileTheImagesDecodeEndsTheRunThereAndSavesNoCheckpoint(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 500, 100, W, H);
        Path ckpt = dir.resolve("ckpt");
        TrainingJob job = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt);
        // the user presses Stop as decoding begins
        job.addListener(on("decoding", job::stop));

        TrainingResult r = job.run();

        assertThat(r.status()).as(r.message()).isEqualTo(Status.STOPPED);
        assertThat(r.message()).isEqualTo("stopped while decoding the images, before epoch 1");
        assertThat(data.images().decodedCount()).as("images decoded after the stop").isZero();
        assertThat(r.history()).as("no epoch, so nothing to save (the window and train say so)").isEmpty();
        assertThat(ckpt).doesNotExist();
    }

    @Test
    void aStopAsACheckpointIsResumedEndsTheRunBeforeDecodingWithTheCheckpointsBest(@TempDir Path dir)
            throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        Path ckpt = dir.resolve("ckpt");
        TrainingResult first = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(first.status()).as(first.message()).isEqualTo(Status.COMPLETED);
        // the same images through a new cache, as a new process would read them
        TrainingData again = new TrainingData(data.train(), data.val(), data.alphabet(), data.labelLength(),
                new ImageCache(dir, new ImageSize(W, H)));
        TrainingJob job = new TrainingJob(TinyData.config(3), again, TinyData.spec(Preset.STRONG, W, H), ckpt);
        job.addListener(on("resumed after epoch", job::stop));

        TrainingResult r = job.run();

        assertThat(r.status()).as(r.message()).isEqualTo(Status.STOPPED);
        assertThat(r.message()).isEqualTo("stopped before epoch 2");
        assertThat(again.images().decodedCount()).isZero();
        assertThat(r.history()).usingRecursiveFieldByFieldElementComparator().isEqualTo(first.history());
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(r.network()).isNotNull();
        assertThat(Checkpoint.read(ckpt).epoch()).isEqualTo(1);
    }

    /**
     * Paused as decoding begins, the run waits there with nothing decoded until it is resumed, then goes on. The
     * training thread is seen waiting in the pause (its stack), not after some sleep.
     */
    @Test
    void aPauseWhileTheImagesDecodeHoldsTheDecodingUntilResumed(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 96, 32, W, H);
        TrainingJob job = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), null);
        AtomicReference<Thread> trainer = new AtomicReference<>();
        CountDownLatch paused = new CountDownLatch(1);
        job.addListener(on("decoding", () -> {
            trainer.set(Thread.currentThread());
            job.pause();
            paused.countDown();
        }));

        var future = job.start();
        assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!waitingInPause(trainer.get()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(waitingInPause(trainer.get())).as("the training thread waits in the pause").isTrue();
        assertThat(data.images().decodedCount()).as("images decoded while paused").isZero();

        job.resume();
        TrainingResult r = future.get(120, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.COMPLETED);
        assertThat(data.images().decodedCount()).isEqualTo(128);
    }

    private static boolean waitingInPause(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(TrainingJob.class.getName())
                        && f.getMethodName().equals("awaitIfPaused"));
    }
}
