package org.captchalab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Predictor;
import org.captchalab.model.RunInfo;

/**
 * Saves a finished run as {@code models/<name>/}: the network and run.json through {@link ModelFolder}, and
 * metrics.csv with one row per epoch. The network saved is the result's (best-by-validation) network.
 */
public final class RunWriter {

    /** Where the data came from, for run.json. */
    public record Provenance(String datasetPath, String fingerprint, long splitSeed, CaseRule caseRule) {
    }

    private RunWriter() {
    }

    /**
     * Saves with the temperature fitted on the validation split (see {@link #temperature}).
     *
     * @param extraMetrics added to run.json's final metrics (e.g. the test split's accuracy)
     */
    public static RunInfo save(Path folder, TrainingResult result, TrainingConfig config, TrainingData data,
                               Provenance provenance, Map<String, Object> extraMetrics) throws IOException, ImageDecodeException {
        if (result.network() == null) {
            throw new IllegalStateException("the run has no network to save: " + result.message());
        }
        return save(folder, result, config, data, provenance, extraMetrics, temperature(result, data));
    }

    /**
     * The {@link org.captchalab.model.Calibration} temperature of the result's network on the validation split
     * (1 when no validation image decodes). Images that do not decode are passed over: a run stopped before its
     * images were all decoded still has data that was never filtered, and its network must still be saved.
     */
    public static double temperature(TrainingResult result, TrainingData data) throws ImageDecodeException {
        List<CaptchaSample> val = data.images().decodable(data.val(), new ArrayList<>());
        if (val.isEmpty()) {
            return 1.0;
        }
        List<byte[]> images = new ArrayList<>(val.size());
        for (CaptchaSample s : val) {
            images.add(data.images().get(s));
        }
        return new Predictor(result.network().copy(), data.alphabet())
                .fitTemperature(images, val.stream().map(CaptchaSample::label).toList()).temperature();
    }

    /**
     * @param extraMetrics added to run.json's final metrics (e.g. the test split's accuracy)
     * @param temperature  the calibration temperature to save with the run
     */
    public static RunInfo save(Path folder, TrainingResult result, TrainingConfig config, TrainingData data,
                               Provenance provenance, Map<String, Object> extraMetrics, double temperature) throws IOException {
        if (result.network() == null) {
            throw new IllegalStateException("the run has no network to save: " + result.message());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("status", result.status().name().toLowerCase(Locale.ROOT));
        metrics.put("epochs", result.history().size());
        metrics.put("best_epoch", result.bestEpoch());
        if (result.bestEpoch() > 0) {
            EpochMetrics best = result.history().stream().filter(m -> m.epoch() == result.bestEpoch()).findFirst().orElseThrow();
            metrics.put("val_sequence_accuracy", best.valSequenceAccuracy());
            metrics.put("val_position_accuracy", best.valPositionAccuracy());
            metrics.put("train_sequence_accuracy", best.trainSequenceAccuracy());
            metrics.put("val_loss", best.valLoss());
        }
        metrics.putAll(extraMetrics);
        // train is never empty (TrainingData refuses that), so there is always a size to record
        ImageSize trainedOn = data.imageSize();
        List<String> otherSizes = data.otherImageSizes(RunInfo.MAX_OTHER_IMAGE_SIZES).stream().map(ImageSize::toString).toList();
        RunInfo info = new RunInfo(RunInfo.FORMAT_VERSION, folder.getFileName().toString(), config.preset().id(),
                data.alphabet().chars(), data.labelLength(), provenance.caseRule().name(),
                data.images().size().width(), data.images().size().height(), trainedOn.width(), trainedOn.height(),
                otherSizes, RunInfo.PREPROCESSING,
                provenance.fingerprint(), provenance.datasetPath(), provenance.splitSeed(), config.asMap(),
                config.seed(), result.network().parameterCount(), metrics, Instant.now().toString(),
                result.status().name().toLowerCase(Locale.ROOT), temperature);
        ModelFolder.save(folder, result.network(), info);
        ModelFolder.writeAtomically(folder.resolve(ModelFolder.METRICS_CSV), csv(result.history(), data.labelLength()));
        return info;
    }

    /** The per-epoch history as CSV, one header line. */
    public static String csv(List<EpochMetrics> history, int length) {
        List<String> header = new ArrayList<>(List.of("epoch", "train_loss", "val_loss", "train_seq_acc", "val_seq_acc"));
        for (int p = 0; p < length; p++) {
            header.add("train_pos" + p + "_acc");
        }
        for (int p = 0; p < length; p++) {
            header.add("val_pos" + p + "_acc");
        }
        header.add("seconds");
        header.add("images_per_second");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (EpochMetrics m : history) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(m.epoch()), f(m.trainLoss()), f(m.valLoss()),
                    f(m.trainSequenceAccuracy()), f(m.valSequenceAccuracy())));
            for (double a : m.trainPositionAccuracy()) {
                row.add(f(a));
            }
            for (double a : m.valPositionAccuracy()) {
                row.add(f(a));
            }
            row.add(f(m.seconds()));
            row.add(f(m.imagesPerSecond()));
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    /** Reads metrics.csv back (for the GUI's list of past runs); missing file: empty list. */
    public static List<Map<String, String>> readCsv(Path folder) throws IOException {
        Path file = folder.resolve(ModelFolder.METRICS_CSV);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file);
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
