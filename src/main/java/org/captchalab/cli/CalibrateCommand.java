package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.model.Calibration;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code calibrate DIR --model MODEL_DIR}: fits the calibration temperature of a saved run on the dataset's
 * validation split and writes it into the run's run.json. New runs are calibrated when they are saved; this is for
 * runs saved before that, or to recalibrate on corrected labels.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit a saved model's probability temperature on a dataset's validation split and store it in its run.json.")
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder the model was trained on")
    Path dir;

    @Mixin
    DatasetArgs datasetArgs;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "a saved run, e.g. models/qq-strong")
    Path modelDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelOnData opened = ModelOnData.open(modelDir, dir, datasetArgs, err);
        if (opened == null) {
            return 1;
        }
        SavedModel model = opened.model();
        SplitData data = opened.data();
        if (model.info().datasetFingerprint() != null && !model.info().datasetFingerprint().equals(data.dataset().fingerprint())) {
            err.println("warning: the model was trained on other data (" + model.info().datasetPath()
                    + "); its validation split is not this one");
        }
        List<CaptchaSample> val = data.samples("val");
        if (val.isEmpty()) {
            err.println("error: " + dir + " has no labelled validation images to calibrate on");
            return 1;
        }
        List<byte[]> images = TrainCommand.images(opened.images(), val);
        List<String> labels = val.stream().map(CaptchaSample::label).toList();
        // one pass over the images: the fit reports the losses it compared
        Calibration.Fit fit = model.predictor().fitTemperature(images, labels);
        ModelFolder.writeInfo(modelDir, model.info().withTemperature(fit.temperature()));
        int length = model.info().labelLength();
        out.printf(Locale.ROOT, "temperature %.4f (was %s): validation loss %.4f -> %.4f on %d images; saved in %s%n",
                fit.temperature(),
                model.info().temperature() == null ? "none" : String.format(Locale.ROOT, "%.4f", model.info().temperature()),
                fit.lossAtOne() * length, fit.lossAtTemperature() * length, images.size(),
                modelDir.resolve(ModelFolder.RUN_JSON));
        out.flush();
        return 0;
    }
}
