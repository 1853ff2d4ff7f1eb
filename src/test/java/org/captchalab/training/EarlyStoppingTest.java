package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.CaseRule;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Predictor;
import org.captchalab.model.Preset;
import org.captchalab.model.SequencePrediction;
import org.captchalab.training.TrainingResult.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which epoch counts as best (and is saved), and when early stopping ends a run. */
class EarlyStoppingTest {

    static {
        Nd4jTestSupport.init();
    }

    private static ValidationScore score(double accuracy, double loss) {
        return new ValidationScore(accuracy, loss);
    }

    @Test
    void higherSequenceAccuracyWinsWhateverTheLoss() {
        assertThat(score(0.6, 5.0).betterThan(score(0.5, 1.0))).isTrue();
        assertThat(score(0.5, 1.0).betterThan(score(0.6, 5.0))).isFalse();
    }

    @Test
    void onEqualAccuracyTheLowerValidationLossWins() {
        assertThat(score(0.5, 1.0).betterThan(score(0.5, 2.0))).as("lower loss at a tie").isTrue();
        assertThat(score(0.5, 2.0).betterThan(score(0.5, 1.0))).as("higher loss at a tie").isFalse();
        assertThat(score(0.0, 3.1).betterThan(score(0.0, 3.2))).as("a hard run still at 0 accuracy").isTrue();
    }

    @Test
    void anExactTieOrAnUnreadableLossKeepsTheEarlierEpoch() {
        assertThat(score(0.5, 1.0).betterThan(score(0.5, 1.0))).isFalse();
        assertThat(score(0.5, Double.NaN).betterThan(score(0.5, 1.0))).isFalse();
    }

    @Test
    void anyFirstEpochBeatsNone() {
        assertThat(score(0.0, 50.0).betterThan(ValidationScore.NONE)).isTrue();
        assertThat(score(0.0, Double.NaN).betterThan(ValidationScore.NONE)).isTrue();
    }

    /**
     * The validation labels use a rotated alphabet (a->b, b->c, c->a) of what the images show, so once the
     * network has learnt the training images it only gets worse on validation (accuracy stays at 0, so the
     * loss decides): the run stops {@code patience} epochs after its best, and the saved network must be that
     * best epoch's, not the last one's.
     */
    @Test
    void theSavedNetworkIsTheBestEpochsNotTheLast(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        List<CaptchaSample> all = TinyData.write(images, 48 + 16, 32, 16, 11);
        List<CaptchaSample> val = new ArrayList<>();
        for (CaptchaSample s : all.subList(48, 64)) {
            val.add(new CaptchaSample(s.path(), rotate(s.label()), s.width(), s.height(), s.hash()));
        }
        TrainingData data = new TrainingData(all.subList(0, 48), val, TinyData.ALPHABET, TinyData.LENGTH,
                new org.captchalab.model.ImageCache(images, new org.captchalab.dataset.ImageSize(32, 16)));
        TrainingConfig config = TrainingConfig.defaults(Preset.STRONG).withEpochs(12).withBatchSize(16)
                .withLearningRate(3e-3).withPatience(2);
        Map<Integer, Predictor> snapshots = new TreeMap<>();
        Path checkpoints = dir.resolve("checkpoint");
        TrainingJob job = new TrainingJob(config, data, TinyData.spec(Preset.STRONG, 32, 16), checkpoints);
        job.addSnapshotListener(snapshots::put);
        TrainingResult r = job.run();

        assertThat(r.status()).as(r.message()).isEqualTo(Status.EARLY_STOPPED);
        int last = r.history().size();
        assertThat(r.bestEpoch()).isEqualTo(last - 2);
        assertThat(r.bestEpoch()).isEqualTo(bestByTheRule(r.history()));
        EpochMetrics best = r.history().get(r.bestEpoch() - 1);
        EpochMetrics end = r.history().get(last - 1);
        assertThat(end.valLoss()).isGreaterThan(best.valLoss());
        // the message names the best epoch with both figures that made it best (accuracy, then loss on a tie)
        assertThat(r.message()).isEqualTo(String.format(java.util.Locale.ROOT,
                "validation did not improve for 2 epochs (best at epoch %d: accuracy %.4f, loss %.4f)",
                r.bestEpoch(), best.valSequenceAccuracy(), best.valLoss()));

        Path saved = dir.resolve("run");
        RunWriter.save(saved, r, config, data, new RunWriter.Provenance(images.toString(), "fp", 1, CaseRule.KEEP), Map.of());
        List<byte[]> valImages = data.images().getAll(data.val());
        List<SequencePrediction> fromDisk = ModelFolder.load(saved).predictor().predict(valImages);
        // the saved run reports probabilities at its calibration temperature
        double t = ModelFolder.readInfo(saved).temperatureOrOne();
        assertThat(fromDisk).isEqualTo(snapshots.get(r.bestEpoch()).withTemperature(t).predict(valImages));
        assertThat(fromDisk).isNotEqualTo(snapshots.get(last).withTemperature(t).predict(valImages));
        assertThat(ModelFolder.readInfo(saved).finalMetrics()).containsEntry("best_epoch", r.bestEpoch())
                .containsEntry("val_loss", best.valLoss());

        // resuming the checkpoint written at the stop (a process that died before saving) trains no further epoch
        List<IterationMetrics> more = new ArrayList<>();
        TrainingJob again = new TrainingJob(config, data, TinyData.spec(Preset.STRONG, 32, 16), checkpoints);
        again.addListener(new TrainingListener() {
            @Override
            public void iterationDone(IterationMetrics m) {
                more.add(m);
            }
        });
        TrainingResult resumed = again.run();
        assertThat(resumed.status()).as(resumed.message()).isEqualTo(Status.EARLY_STOPPED);
        assertThat(more).isEmpty();
        assertThat(resumed.history()).hasSize(last);
        assertThat(resumed.bestEpoch()).isEqualTo(r.bestEpoch());
        assertThat(ModelFolder.load(saved).predictor().predict(valImages))
                .isEqualTo(new Predictor(resumed.network().copy(), TinyData.ALPHABET, t).predict(valImages));
    }

    /**
     * A checkpoint written before the best epoch's validation loss was recorded: on resuming, a later epoch of the
     * same accuracy is better only with a lower loss than the best epoch's in the history, as in a run never
     * interrupted (it used to count as better whatever its loss, the missing loss read as infinite).
     */
    @Test
    void aCheckpointWithoutTheBestLossTakesItFromItsHistorySoAnEqualLaterEpochIsNotBetter(@TempDir Path dir)
            throws Exception {
        TrainingData data = TinyData.data(dir, 48, 16, 32, 16);
        // a constant rate and no early stopping: the edited history below changes neither
        TrainingConfig config = TrainingConfig.defaults(Preset.STRONG).withEpochs(4).withBatchSize(16)
                .withLearningRate(3e-3).withPatience(0).withLrPatience(0);
        EpochMetrics fourth = new TrainingJob(config, data, TinyData.spec(Preset.STRONG, 32, 16), null).run()
                .history().get(3);

        Path checkpoints = dir.resolve("checkpoint");
        TrainingResult first = new TrainingJob(config.withEpochs(3), data, TinyData.spec(Preset.STRONG, 32, 16),
                checkpoints).run();
        assertThat(first.status()).as(first.message()).isEqualTo(Status.COMPLETED);
        // as an old checkpoint: no best_val_loss; epoch 3 best, at the accuracy epoch 4 will reach, with a lower loss
        Path json = checkpoints.resolve(Checkpoint.JSON_FILE);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode record = (ObjectNode) mapper.readTree(json.toFile());
        record.remove("best_val_loss");
        record.put("best_epoch", 3);
        record.put("best_val_accuracy", fourth.valSequenceAccuracy());
        ((ObjectNode) record.get("history").get(2)).put("val_loss", fourth.valLoss() / 2);
        Files.writeString(json, mapper.writeValueAsString(record));
        assertThat(Checkpoint.read(checkpoints).bestLoss()).isEqualTo(fourth.valLoss() / 2);

        TrainingResult resumed = new TrainingJob(config, data, TinyData.spec(Preset.STRONG, 32, 16), checkpoints).run();
        assertThat(resumed.status()).as(resumed.message()).isEqualTo(Status.COMPLETED);
        EpochMetrics again = resumed.history().get(3);
        assertThat(again.valSequenceAccuracy()).as("epoch 4 again, as without the interruption")
                .isEqualTo(fourth.valSequenceAccuracy());
        assertThat(again.valLoss()).isGreaterThan(fourth.valLoss() / 2);
        assertThat(resumed.bestEpoch()).as("the same accuracy with a higher loss is no improvement").isEqualTo(3);
    }

    private static String rotate(String label) {
        StringBuilder sb = new StringBuilder();
        for (char c : label.toCharArray()) {
            sb.append(TinyData.ALPHABET.charAt((TinyData.ALPHABET.indexOf(c) + 1) % TinyData.ALPHABET.size()));
        }
        return sb.toString();
    }

    /** The best epoch by the rule, found independently of the loop from the recorded history. */
    private static int bestByTheRule(List<EpochMetrics> history) {
        ValidationScore best = ValidationScore.NONE;
        int epoch = 0;
        for (EpochMetrics m : history) {
            ValidationScore s = new ValidationScore(m.valSequenceAccuracy(), m.valLoss());
            if (s.betterThan(best)) {
                best = s;
                epoch = m.epoch();
            }
        }
        return epoch;
    }
}
