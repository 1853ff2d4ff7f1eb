package org.captchalab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.Split;
import org.captchalab.dataset.SplitAssignment;
import org.captchalab.model.EvalReport;
import org.captchalab.model.Evaluator;
import org.captchalab.model.Predictor;
import org.captchalab.model.RunInfo;

/**
 * What happens after a run, the same for CLI and GUI: fit the calibration temperature on the validation split,
 * score the best network on the test split (images it never trained or early-stopped on), save the run folder with that figure, and drop the checkpoint when the
 * run ended normally (an interrupted run keeps it so it can be resumed).
 */
public final class RunFinisher {

    /** The saved run, its test split's report (null without test images), and the test images that would not decode. */
    public record Finished(RunInfo info, EvalReport test, List<ImageDecodeException> testLeftOut) {
    }

    private RunFinisher() {
    }

    public static Finished finish(Path folder, Path checkpointDir, TrainingResult result, TrainingConfig config,
                                  TrainingData data, Dataset dataset, SplitAssignment split)
            throws IOException, ImageDecodeException {
        List<ImageDecodeException> leftOut = new ArrayList<>();
        List<CaptchaSample> test = data.images().decodable(split.select(dataset.trainable(), Split.TEST), leftOut);
        Map<String, Object> extra = new LinkedHashMap<>();
        EvalReport report = null;
        double temperature = RunWriter.temperature(result, data);
        if (!test.isEmpty()) {
            Predictor p = new Predictor(result.network().copy(), data.alphabet(), temperature);
            List<byte[]> images = new ArrayList<>(test.size());
            for (CaptchaSample s : test) {
                images.add(data.images().get(s));
            }
            report = Evaluator.evaluate(p, images, test.stream().map(CaptchaSample::label).toList());
            extra.put("test_count", report.count());
            extra.put("test_sequence_accuracy", report.sequenceAccuracy());
            extra.put("test_position_accuracy", report.positionAccuracy());
        }
        RunInfo info = RunWriter.save(folder, result, config, data, new RunWriter.Provenance(dataset.root().toString(),
                dataset.fingerprint(), split.seed(), dataset.caseRule()), extra, temperature);
        dropCheckpointIfEnded(checkpointDir, result);
        return new Finished(info, report, List.copyOf(leftOut));
    }

    /**
     * As {@link #finish} for a run trained in the window, which leaves the test split unscored (choosing among the
     * window's runs by it would make it one more validation split): calibrate, save, and drop the checkpoint when
     * the run ended normally.
     */
    public static RunInfo finishUnscored(Path folder, Path checkpointDir, TrainingResult result, TrainingConfig config,
                                         TrainingData data, RunWriter.Provenance provenance)
            throws IOException, ImageDecodeException {
        RunInfo info = RunWriter.save(folder, result, config, data, provenance, Map.of());
        dropCheckpointIfEnded(checkpointDir, result);
        return info;
    }

    /** A run that completed or early-stopped has nothing to resume; a stopped or timed-out one keeps its checkpoint. */
    private static void dropCheckpointIfEnded(Path checkpointDir, TrainingResult result) throws IOException {
        if (checkpointDir != null && (result.status() == TrainingResult.Status.COMPLETED
                || result.status() == TrainingResult.Status.EARLY_STOPPED)) {
            deleteRecursively(checkpointDir);
        }
    }

    /** Deletes a folder with everything in it (nothing if it does not exist). */
    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
