package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.model.Predictor;
import org.captchalab.model.Preset;
import org.captchalab.training.TrainingResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's record and the networks it names agree, whenever a run dies. */
class CheckpointTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final int W = 32;
    private static final int H = 16;


    /**
     * Epoch 2 improves on epoch 1, and the run dies as it commits epoch 2's record (here the record cannot be
     * renamed into place: a folder stands in its way), after its networks are written. The record on disk is
     * epoch 1's, so a run resuming it and stopped before epoch 2 ends must hold epoch 1's best network: it used to
     * hold epoch 2's (best.sdz was overwritten before the record), saved as epoch 1's with epoch 1's figures.
     */
    @Test
    void aRunThatDiesBeforeItsRecordIsWrittenResumesWithTheBestNetworkThatRecordDescribes(@TempDir Path dir)
            throws Exception {
        TrainingData data = TinyData.data(dir, 32, 8, W, H);
        Path ckpt = dir.resolve("ckpt");
        TrainingResult first = new TrainingJob(TinyData.config(1), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(first.bestEpoch()).as(first.message()).isEqualTo(1);

        Checkpoint.Opened opened = Checkpoint.open(ckpt, 3e-3);
        Path record = ckpt.resolve(Checkpoint.JSON_FILE);
        byte[] epochOne = Files.readAllBytes(record);
        Files.delete(record);
        Files.createDirectories(record).resolve("in the way").toFile().createNewFile();
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingJob dying = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), ckpt, opened);
        dying.addListener(new TrainingListener() {
            @Override
            public void epochDone(EpochMetrics m) {
                epochs.add(m);
            }
        });
        TrainingResult died = dying.run();
        assertThat(died.status()).isEqualTo(Status.FAILED);
        assertThat(died.message()).startsWith("cannot write the checkpoint");
        EpochMetrics one = first.history().get(0);
        EpochMetrics two = epochs.get(0);
        assertThat(new ValidationScore(two.valSequenceAccuracy(), two.valLoss())
                .betterThan(new ValidationScore(one.valSequenceAccuracy(), one.valLoss())))
                .as("epoch 2 is the better (else it would not have replaced the best network)").isTrue();

        // the process is gone; the record on disk is epoch 1's
        Files.delete(record.resolve("in the way"));
        Files.delete(record);
        Files.write(record, epochOne);
        TrainingJob resumed = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), ckpt);
        resumed.addListener(new TrainingListener() {
            @Override
            public void message(String text) {
                if (text.startsWith("resumed after epoch")) {
                    resumed.stop();
                }
            }
        });
        TrainingResult r = resumed.run();

        assertThat(r.status()).as(r.message()).isEqualTo(Status.STOPPED);
        assertThat(r.bestEpoch()).isEqualTo(1);
        List<byte[]> images = data.images().getAll(data.val());
        assertThat(new Predictor(r.network().copy(), data.alphabet()).predict(images))
                .as("the best network is epoch 1's, as the record says")
                .isEqualTo(new Predictor(first.network().copy(), data.alphabet()).predict(images));

        // without the best network its record names, a checkpoint is not resumed (with the last epoch's instead)
        Files.delete(ckpt.resolve(Checkpoint.read(ckpt).bestFile()));
        TrainingResult refused = new TrainingJob(TinyData.config(2), data, TinyData.spec(Preset.STRONG, W, H), ckpt).run();
        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.message()).contains("cannot resume the checkpoint in " + ckpt
                + ": best-e1.sdz is not a readable SameDiff network (the file is missing)");
    }
}
