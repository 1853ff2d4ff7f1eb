package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.EvalReport;
import org.captchalab.model.Evaluator;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.ModelFormatException;
import org.captchalab.model.Predictor;
import org.captchalab.model.Preset;
import org.captchalab.model.RunInfo;
import org.captchalab.model.SavedModel;
import org.captchalab.model.SequencePrediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small training run shared by all tests: save, load, evaluate and break model folders. */
class SavedRunTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    static Path dir;
    static TrainingData data;
    static TrainingResult result;
    static Path saved;

    @BeforeAll
    static void train() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        data = TinyData.data(images, 48, 24, 32, 16);
        TrainingConfig cfg = TrainingConfig.defaults(Preset.STRONG).withEpochs(3).withBatchSize(16).withLearningRate(3e-3);
        result = new TrainingJob(cfg, data, TinyData.spec(Preset.STRONG, 32, 16), null).run();
        saved = dir.resolve("models").resolve("tiny");
        RunWriter.save(saved, result, cfg, data, new RunWriter.Provenance(images.toString(), "fp", 7, CaseRule.KEEP),
                Map.of("test_sequence_accuracy", 1.0));
    }

    private static List<byte[]> valImages() throws Exception {
        return data.images().getAll(data.val());
    }

    @Test
    void savedRunHasItsFilesAndLoadsToIdenticalPredictions() throws Exception {
        assertThat(saved.resolve("network.sdz")).isRegularFile();
        assertThat(saved.resolve("run.json")).isRegularFile();
        assertThat(Files.readAllLines(saved.resolve("metrics.csv"))).hasSize(1 + result.history().size());
        SavedModel m = ModelFolder.load(saved);
        assertThat(m.info().preset()).isEqualTo("strong");
        assertThat(m.info().alphabet()).isEqualTo("abc");
        assertThat(m.info().datasetFingerprint()).isEqualTo("fp");
        assertThat(m.info().imageSize()).as("the size of the images trained on").isEqualTo(new ImageSize(32, 16));
        assertThat(m.info().finalMetrics()).containsKey("val_sequence_accuracy");
        // the run is saved with the temperature fitted on its validation split, and predicts at it
        assertThat(m.info().temperature()).isNotNull();
        assertThat(m.info().temperature()).isEqualTo(RunWriter.temperature(result, data));
        assertThat(m.predictor().temperature()).isEqualTo(m.info().temperature());
        List<SequencePrediction> before = new Predictor(result.network().copy(), data.alphabet(), m.info().temperature())
                .predict(valImages());
        List<SequencePrediction> after = m.predictor().predict(valImages());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aValidationImageThatDoesNotDecodeIsPassedOverByTheCalibration() throws Exception {
        // a run stopped while its images were decoding is saved with data nobody filtered
        Path images = dir.resolve("images");
        CaptchaSample first = data.val().get(0);
        Files.copy(images.resolve(first.path()), images.resolve("damaged.png"));
        org.captchalab.DamagedImages.damagePixelData(images.resolve("damaged.png"));
        List<CaptchaSample> val = new java.util.ArrayList<>(data.val());
        val.add(1, new CaptchaSample("damaged.png", first.label(), first.width(), first.height(), "damaged"));
        TrainingData unfiltered = new TrainingData(data.train(), val, data.alphabet(), data.labelLength(), data.images());

        assertThat(RunWriter.temperature(result, unfiltered)).isEqualTo(RunWriter.temperature(result, data));
    }

    @Test
    void theFittedTemperatureLowersTheValidationLossAndKeepsEveryAnswer() throws Exception {
        SavedModel m = ModelFolder.load(saved);
        List<String> labels = data.val().stream().map(CaptchaSample::label).toList();
        EvalReport raw = Evaluator.evaluate(new Predictor(result.network().copy(), data.alphabet()), valImages(), labels);
        EvalReport calibrated = Evaluator.evaluate(m.predictor(), valImages(), labels);
        // T = 1 is among the temperatures searched, so the fitted one can only do better on the split it was fitted on
        assertThat(calibrated.loss()).isLessThanOrEqualTo(raw.loss() + 1e-9);
        // dividing logits by a temperature never changes which character wins
        for (int i = 0; i < raw.predictions().size(); i++) {
            assertThat(calibrated.predictions().get(i).text()).isEqualTo(raw.predictions().get(i).text());
        }
    }

    @Test
    void aRunSavedWithoutATemperaturePredictsAtOneAndABadOneIsRefused() throws Exception {
        Path old = copy("before-calibration");
        String json = Files.readString(old.resolve("run.json"));
        String without = json.replaceAll(",\\s*\"temperature\"\\s*:\\s*[0-9.eE+-]+", "");
        assertThat(without).doesNotContain("temperature").isNotEqualTo(json);
        Files.writeString(old.resolve("run.json"), without);
        SavedModel m = ModelFolder.load(old);
        assertThat(m.info().temperature()).isNull();
        assertThat(m.predictor().temperature()).isEqualTo(1.0);
        assertThat(m.predictor().predict(valImages()))
                .isEqualTo(new Predictor(result.network().copy(), data.alphabet()).predict(valImages()));

        Path bad = copy("bad-temperature");
        Files.writeString(bad.resolve("run.json"), json.replaceAll("\"temperature\"\\s*:\\s*[0-9.eE+-]+", "\"temperature\" : -2"));
        assertThatThrownBy(() -> ModelFolder.load(bad)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("temperature must be a positive number");
    }

    @Test
    void evaluationOnTheTinySetCountsAndFindsConfusions() throws Exception {
        SavedModel m = ModelFolder.load(saved);
        List<String> labels = data.val().stream().map(CaptchaSample::label).toList();
        EvalReport r = Evaluator.evaluate(m.predictor(), valImages(), labels);
        assertThat(r.count()).isEqualTo(24);
        assertThat(r.sequenceAccuracy()).isGreaterThan(0.8);
        assertThat(r.positionAccuracy()).hasSize(2);
        // at its fitted temperature a network that reads every validation image right may round to certainty
        assertThat(r.loss()).isFinite().isNotNegative();
        // force a confusion: claim every label is "aa"
        EvalReport wrong = Evaluator.score(r.predictions(), labels.stream().map(l -> "aa").toList(), null, 2);
        assertThat(wrong.confusions().get(0)).isNotEmpty();
        assertThat(wrong.confusions().get(0).get(0).truth()).isEqualTo('a');
        for (int i = 1; i < wrong.confusions().get(0).size(); i++) {
            assertThat(wrong.confusions().get(0).get(i).count()).isLessThanOrEqualTo(wrong.confusions().get(0).get(i - 1).count());
        }
    }

    private static Path copy(String name) throws Exception {
        Path c = dir.resolve(name);
        Files.createDirectories(c);
        for (String f : List.of("network.sdz", "run.json", "metrics.csv")) {
            Files.copy(saved.resolve(f), c.resolve(f));
        }
        return c;
    }

    @Test
    void badFoldersGiveOneClearLine() throws Exception {
        assertThatThrownBy(() -> ModelFolder.load(dir.resolve("nope"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("does not exist");

        Path noJson = copy("nojson");
        Files.delete(noJson.resolve("run.json"));
        assertThatThrownBy(() -> ModelFolder.load(noJson)).hasMessageContaining("has no run.json");

        Path noNet = copy("nonet");
        Files.delete(noNet.resolve("network.sdz"));
        assertThatThrownBy(() -> ModelFolder.load(noNet)).hasMessageContaining("network file is missing");

        Path badJson = copy("badjson");
        Files.writeString(badJson.resolve("run.json"), "{\"format_version\": 1, \"preset\": ");
        assertThatThrownBy(() -> ModelFolder.load(badJson)).hasMessageContaining("corrupt");

        Path newer = copy("newer");
        String json = Files.readString(newer.resolve("run.json")).replace("\"format_version\" : 1", "\"format_version\" : 99");
        Files.writeString(newer.resolve("run.json"), json);
        assertThatThrownBy(() -> ModelFolder.load(newer)).hasMessageContaining("newer CaptchaLab");

        Path badNet = copy("badnet");
        byte[] garbage = new byte[5000];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(badNet.resolve("network.sdz"), garbage);
        assertThatThrownBy(() -> ModelFolder.load(badNet)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("network.sdz");

        Path truncated = copy("truncated");
        byte[] net = Files.readAllBytes(truncated.resolve("network.sdz"));
        Files.write(truncated.resolve("network.sdz"), java.util.Arrays.copyOf(net, net.length / 3));
        assertThatThrownBy(() -> ModelFolder.load(truncated)).isInstanceOf(ModelFormatException.class);

        Path wrongShape = copy("wrongshape");
        String j2 = Files.readString(wrongShape.resolve("run.json")).replace("\"label_length\" : 2", "\"label_length\" : 3");
        Files.writeString(wrongShape.resolve("run.json"), j2);
        assertThatThrownBy(() -> ModelFolder.load(wrongShape)).hasMessageContaining("positions");
        assertThat(RunInfo.FORMAT_VERSION).isEqualTo(1);
    }

    @Test
    void aNewRunStartsFromASavedRunsWeightsAndRecordsWhere() throws Exception {
        double savedAccuracy = result.history().get(result.bestEpoch() - 1).valSequenceAccuracy();
        assertThat(savedAccuracy).as("the shared run learnt the tiny set").isGreaterThan(0.5);
        // a learning rate so small that one epoch cannot move the weights: what the run scores is where it started
        TrainingConfig still = TrainingConfig.defaults(Preset.STRONG).withEpochs(1).withBatchSize(16).withLearningRate(1e-9);
        TrainingResult fromSaved = new TrainingJob(still.withInitFrom(saved), data,
                TinyData.spec(Preset.STRONG, 32, 16), null).run();
        TrainingResult fresh = new TrainingJob(still, data, TinyData.spec(Preset.STRONG, 32, 16), null).run();
        assertThat(fromSaved.history().get(0).valSequenceAccuracy()).isEqualTo(savedAccuracy);
        assertThat(fresh.history().get(0).valSequenceAccuracy()).isLessThan(savedAccuracy);

        Path tuned = dir.resolve("models").resolve("tuned");
        RunInfo info = RunWriter.save(tuned, fromSaved, still.withInitFrom(saved), data,
                new RunWriter.Provenance("images", "fp", 7, CaseRule.KEEP), Map.of());
        assertThat(info.hyperParameters().get("initialised_from")).isEqualTo(saved.toAbsolutePath().normalize().toString());
        assertThat(ModelFolder.readInfo(tuned).hyperParameters()).containsKey("initialised_from");
    }

    @Test
    void aSavedRunOfAnotherShapeCannotStartARunAndSaysWhy() {
        TrainingConfig seed = TrainingConfig.defaults(Preset.SEED).withInitFrom(saved);
        assertThatThrownBy(() -> new TrainingJob(seed, data, TinyData.spec(Preset.SEED, 32, 16), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot start from " + saved + ": it has preset strong, not seed");
        TrainingConfig strong = TrainingConfig.defaults(Preset.STRONG).withInitFrom(saved);
        assertThatThrownBy(() -> new TrainingJob(strong, data, TinyData.spec(Preset.STRONG, 40, 16), null))
                .hasMessageContaining("input 32x16, not 40x16");
        assertThatThrownBy(() -> new TrainingJob(TrainingConfig.defaults(Preset.STRONG).withInitFrom(dir.resolve("nope")),
                data, TinyData.spec(Preset.STRONG, 32, 16), null))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void aSavedRunWithoutItsNetworkCannotStartARun() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("models").resolve("no-network"));
        Files.copy(saved.resolve(ModelFolder.RUN_JSON), broken.resolve(ModelFolder.RUN_JSON));
        assertThatThrownBy(() -> new TrainingJob(TrainingConfig.defaults(Preset.STRONG).withInitFrom(broken), data,
                TinyData.spec(Preset.STRONG, 32, 16), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot start from " + broken + ": it has no network.sdz");
    }
}
