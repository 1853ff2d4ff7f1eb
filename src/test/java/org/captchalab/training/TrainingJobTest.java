package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.model.InferenceLanes;
import org.captchalab.model.Predictor;
import org.captchalab.model.Preset;
import org.captchalab.training.TrainingResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final int W = 32;
    private static final int H = 16;


    @Test
    void trainsReportsAndNeverDecodesTwice(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 64, 16, W, H);
        List<IterationMetrics> iterations = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        List<Predictor> snapshots = new ArrayList<>();
        TrainingJob job = new TrainingJob(TinyData.config(4), data, TinyData.spec(Preset.STRONG, W, H), null);
        job.addListener(new TrainingListener() {
            @Override
            public void iterationDone(IterationMetrics m) {
                iterations.add(m);
            }

            @Override
            public void epochDone(EpochMetrics m) {
                epochs.add(m);
            }
        });
        job.addSnapshotListener((epoch, p) -> snapshots.add(p));
        TrainingResult r = job.run();
        assertThat(r.status()).as(r.message()).isEqualTo(Status.COMPLETED);
        assertThat(r.message()).isEqualTo("all 4 epochs done");
        assertThat(iterations).hasSize(16);
        assertThat(iterations.get(0).headLosses()).hasSize(2);
        assertThat(iterations.get(0).imagesPerSecond()).isPositive();
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(3).valSequenceAccuracy()).isGreaterThanOrEqualTo(0.9);
        assertThat(epochs.get(3).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(snapshots).hasSize(4);
        assertThat(snapshots.get(0)).isNotSameAs(snapshots.get(1));
        assertThat(job.snapshotsTaken()).isEqualTo(4);
        assertThat(data.images().decodedCount()).isEqualTo(80);
    }

    /**
     * No copy of the network is made at an epoch's end for listeners that take none (those of train and the window):
     * it cost time and native memory at every epoch for nothing.
     */
    @Test
    void noSnapshotIsTakenWithoutASnapshotListener(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 16, 8, W, H);
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingJob job = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), null);
        job.addListener(new TrainingListener() {
            @Override
            public void epochDone(EpochMetrics m) {
                epochs.add(m);
            }
        });
        TrainingResult r = job.run();
        assertThat(r.status()).as(r.message()).isEqualTo(Status.COMPLETED);
        assertThat(epochs).hasSize(2);
        assertThat(job.snapshotsTaken()).isZero();
    }

    @Test
    void aCheckpointRecordsHowItsRunStartedAndAnotherPresetOrSizeCannotResumeIt(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        Path ckpt = dir.resolve("ckpt");
        TrainingResult first = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(first.succeeded()).as(first.message()).isTrue();
        Checkpoint recorded = Checkpoint.read(ckpt);
        assertThat(List.of(recorded.preset(), recorded.inputWidth(), recorded.inputHeight(), recorded.alphabet(),
                recorded.labelLength(), recorded.classes())).containsExactly("strong", W, H, "abc", 2, 3);
        assertThat(recorded.misfits(TinyData.spec(Preset.STRONG, W, H), TinyData.ALPHABET)).isEmpty();

        TrainingConfig attention = TrainingConfig.defaults(Preset.ATTENTION).withEpochs(2).withBatchSize(16);
        assertThatThrownBy(() -> new TrainingJob(attention, data, TinyData.spec(Preset.ATTENTION, 48, 24), ckpt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the checkpoint in " + ckpt + " was started with preset strong, not attention; input size 32x16, not 48x24");

        // a checkpoint from before these were recorded: all but the alphabet's characters are read from its network
        String json = Files.readString(ckpt.resolve(Checkpoint.JSON_FILE));
        Files.writeString(ckpt.resolve(Checkpoint.JSON_FILE), json.replaceAll(",\"(preset|input_width|input_height|alphabet|label_length|classes)\":(\"[a-z]*\"|[0-9]+)", ""));
        Checkpoint old = Checkpoint.read(ckpt);
        assertThat(old.preset()).isNull();
        assertThat(old.epoch()).isEqualTo(1);
        Checkpoint described = Checkpoint.open(ckpt, 3e-3).record();
        assertThat(List.of(described.preset(), described.inputWidth(), described.inputHeight(), described.labelLength(),
                described.classes())).containsExactly("strong", W, H, 2, 3);
        assertThat(described.alphabet()).isNull();
        assertThat(described.misfits(TinyData.spec(Preset.STRONG, W, H), new org.captchalab.dataset.Alphabet("abcd")))
                .containsExactly("an alphabet of 3 characters, not 4");
        assertThatThrownBy(() -> new TrainingJob(attention, data, TinyData.spec(Preset.ATTENTION, W, H), ckpt))
                .hasMessage("the checkpoint in " + ckpt + " was started with preset strong, not attention");
    }

    /**
     * An old checkpoint's network is read once, to learn its shape, and that reading is what the run resumes from:
     * once it has been read, the file is spoilt, and the run still resumes and trains on. Both for a caller that
     * opened the checkpoint itself (train, to check the preset first) and for a job that opens it.
     */
    @Test
    void anOldCheckpointsNetworkIsReadOnceForItsShapeAndForTheResume(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        for (boolean openedByCaller : List.of(true, false)) {
            Path ckpt = dir.resolve("ckpt-" + openedByCaller);
            TrainingResult first = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
            assertThat(first.succeeded()).as(first.message()).isTrue();
            String json = Files.readString(ckpt.resolve(Checkpoint.JSON_FILE));
            Files.writeString(ckpt.resolve(Checkpoint.JSON_FILE), json.replaceAll(
                    ",\"(preset|input_width|input_height|alphabet|label_length|classes)\":(\"[a-z]*\"|[0-9]+)", ""));
            Path network = ckpt.resolve(Checkpoint.read(ckpt).networkFile());
            assertThat(Checkpoint.read(ckpt).preset()).isNull();

            TrainingJob job;
            if (openedByCaller) {
                Checkpoint.Opened opened = Checkpoint.open(ckpt, 3e-3);
                assertThat(opened.record().preset()).isEqualTo("strong");
                assertThat(opened.network()).isNotNull();
                Files.writeString(network, "spoilt once read");
                job = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), ckpt, opened);
            } else {
                job = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), ckpt);
                Files.writeString(network, "spoilt once read");
            }
            TrainingResult resumed = job.run();
            assertThat(resumed.status()).as(resumed.message()).isEqualTo(Status.COMPLETED);
            assertThat(resumed.history()).hasSize(2);
            assertThat(resumed.history().get(0).trainLoss()).as("epoch 1 is the checkpoint's")
                    .isEqualTo(first.history().get(0).trainLoss());
        }
    }

    @Test
    void scoringAtEpochEndRunsOnTheTrainingThreadWithoutLaneCopies(@TempDir Path dir) throws Exception {
        // 300 validation images are three batches, which a plain Predictor would spread over lane copies of the
        // network; a copy per epoch held native memory until the garbage collector came (a run was killed at 24 GB)
        TrainingData data = TinyData.data(dir, 32, 300, W, H);
        long before = InferenceLanes.batchesRun();
        TrainingResult r = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), null).run();
        assertThat(r.status()).as(r.message()).isEqualTo(Status.COMPLETED);
        assertThat(InferenceLanes.batchesRun()).isEqualTo(before);
    }

    @Test
    void sameSeedSameRunAndResumeContinuesExactly(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 48, 16, W, H);
        TrainingResult straight = new TrainingJob(TinyData.config(3), data, TinyData.spec(Preset.STRONG, W, H), null).run();
        TrainingResult again = new TrainingJob(TinyData.config(3), data, TinyData.spec(Preset.STRONG, W, H), null).run();
        assertThat(again.history().get(2).trainLoss()).isCloseTo(straight.history().get(2).trainLoss(), org.assertj.core.data.Offset.offset(1e-4));

        Path ckpt = dir.resolve("ckpt");
        TrainingResult first = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(first.history()).hasSize(1);
        assertThat(Checkpoint.exists(ckpt)).isTrue();
        assertThat(Files.list(ckpt).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("checkpoint.json", "checkpoint-e1.sdz", "best-e1.sdz");
        TrainingResult resumed = new TrainingJob(TinyData.config(3), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(resumed.history()).hasSize(3);
        assertThat(resumed.history().get(2).trainLoss()).isCloseTo(straight.history().get(2).trainLoss(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(Checkpoint.read(ckpt).epoch()).isEqualTo(3);
        // the files of earlier epochs go once a record no longer names them
        assertThat(Files.list(ckpt).map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                "checkpoint.json", "checkpoint-e3.sdz", "best-e" + resumed.bestEpoch() + ".sdz");
    }

    @Test
    void weightDecayChangesTheRunAndAResumedRunKeepsApplyingIt(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 48, 16, W, H);
        TrainingConfig decayed = TinyData.config(3).withWeightDecay(5);
        TrainingResult plain = new TrainingJob(TinyData.config(3), data, TinyData.spec(Preset.STRONG, W, H), null).run();
        TrainingResult straight = new TrainingJob(decayed, data, TinyData.spec(Preset.STRONG, W, H), null).run();
        assertThat(straight.history().get(2).trainLoss()).as("the decay reaches the network the loop trains")
                .isNotCloseTo(plain.history().get(2).trainLoss(), org.assertj.core.data.Offset.offset(1e-3));

        Path ckpt = dir.resolve("ckpt");
        new TrainingJob(TinyData.config(1).withWeightDecay(5), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        TrainingResult resumed = new TrainingJob(decayed, data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(resumed.history()).hasSize(3);
        assertThat(resumed.history().get(2).trainLoss()).isCloseTo(straight.history().get(2).trainLoss(), org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void aDecayThatWouldWipeTheWeightsInOneStepIsRefused() {
        assertThatThrownBy(() -> TinyData.config(1).withLearningRate(0.2).withWeightDecay(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning rate x weight decay must be below 1");
        assertThat(TinyData.config(1).withLearningRate(0.1).withWeightDecay(5).asMap()).containsEntry("optimizer", "adamw").containsEntry("weight_decay", 5.0);
        assertThat(TinyData.config(1).asMap()).containsEntry("optimizer", "adam");
    }

    @Test
    void pausesAndStopsBetweenMinibatches(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 64, 8, W, H);
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        TrainingJob job = new TrainingJob(TinyData.config(50), data, TinyData.spec(Preset.STRONG, W, H), null);
        job.addListener(new TrainingListener() {
            @Override
            public void iterationDone(IterationMetrics m) {
                if (seen.incrementAndGet() == 3) {
                    job.pause();
                    third.countDown();
                }
            }
        });
        var future = job.start();
        assertThat(third.await(60, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(400);
        assertThat(job.isPaused()).isTrue();
        assertThat(seen.get()).isEqualTo(3);
        job.resume();
        long deadline = System.currentTimeMillis() + 60_000;
        while (seen.get() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(seen.get()).isGreaterThanOrEqualTo(5);
        job.stop();
        TrainingResult r = future.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(Status.STOPPED);
        assertThat(r.network()).isNotNull();
        assertThat(seen.get()).isLessThan(50 * 4);
    }

    /**
     * An Error, not an exception, from inside the run (here a listener's failed assertion) still ends it with a FAILED
     * result that start()'s future completes with and the listeners hear; one from a listener's {@code finished}
     * keeps the result from neither the other listeners nor the future. The future used never to complete then.
     */
    @Test
    void anErrorInTheRunIsAFailedResultAndTheFutureStillCompletes(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        List<TrainingResult> told = new ArrayList<>();
        TrainingJob job = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), null);
        job.addListener(new TrainingListener() {
            @Override
            public void iterationDone(IterationMetrics m) {
                throw new AssertionError("a listener's bug");
            }

            @Override
            public void finished(TrainingResult result) {
                told.add(result);
            }
        });
        TrainingResult r = job.start().get(120, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.message()).isEqualTo("a listener's bug");
        assertThat(told).containsExactly(r);

        List<TrainingResult> toldAfter = new ArrayList<>();
        TrainingJob second = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), null);
        second.addListener(new TrainingListener() {
            @Override
            public void finished(TrainingResult result) {
                throw new StackOverflowError();
            }
        });
        second.addListener(new TrainingListener() {
            @Override
            public void finished(TrainingResult result) {
                toldAfter.add(result);
            }
        });
        TrainingResult completed = second.start().get(120, TimeUnit.SECONDS);
        assertThat(completed.status()).as(completed.message()).isEqualTo(Status.COMPLETED);
        assertThat(toldAfter).containsExactly(completed);
    }

    @Test
    void timeLimitEndsTheRun(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        TrainingResult r = new TrainingJob(TinyData.config(1000).withTimeLimit(Duration.ofSeconds(2)), data,
                TinyData.spec(Preset.STRONG, W, H), null).run();
        assertThat(r.status()).isEqualTo(Status.TIME_LIMIT);
        assertThat(r.history().size()).isLessThan(1000);
        assertThat(r.network()).isNotNull();
    }

    /**
     * One minibatch per epoch, so epoch 1 ends with a finite loss (a minibatch's loss is measured before its
     * update) and a checkpoint; the absurd learning rate then makes epoch 2's loss NaN or infinite.
     */
    @Test
    void nanLossStopsWithAMessageAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        Path ckpt = dir.resolve("ckpt");
        TrainingConfig crazy = TinyData.config(5).withLearningRate(1e30).withBatchSize(32);
        List<TrainingResult> told = new ArrayList<>();
        TrainingJob job = new TrainingJob(crazy, data, TinyData.spec(Preset.STRONG, W, H), ckpt);
        job.addListener(new TrainingListener() {
            @Override
            public void finished(TrainingResult result) {
                told.add(result);
            }
        });
        TrainingResult r = job.run();
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.message()).isEqualTo("the loss became NaN or infinite at epoch 2, minibatch 1: training stopped;"
                + " the last good checkpoint (epoch 1) is kept; try a lower learning rate (--lr)");
        assertThat(told).containsExactly(r);
        assertThat(r.history()).hasSize(1);
        Checkpoint c = Checkpoint.read(ckpt);
        assertThat(c.epoch()).isEqualTo(1);
        assertThat(c.networkFile()).isEqualTo("checkpoint-e1.sdz");
        assertThat(ckpt.resolve(c.networkFile())).isRegularFile();
        assertThat(c.history()).singleElement().satisfies(m -> assertThat(m.trainLoss()).isFinite());
        try (var files = Files.list(ckpt)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
