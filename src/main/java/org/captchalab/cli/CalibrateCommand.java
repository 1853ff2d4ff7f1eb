package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.OutputTargets;
import org.captchalab.model.Calibration;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.RunInfo;
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
 * runs saved before that, or to recalibrate on corrected labels. A run trained on other data (another folder with
 * other images or labels) is refused unless {@code --other-data} asks for it.
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

    @Option(names = "--other-data", description = "fit the temperature on this dataset even though the run was trained on"
            + " other data (another folder with other images or labels); without it such a run is refused and its"
            + " run.json left as it is")
    boolean otherData;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.isDirectory(modelDir) && !OutputTargets.writable(modelDir)) {
            // found before the images are read, not after the fit
            throw new UsageError("--model " + modelDir + ": the folder is read-only, and the temperature is stored in"
                    + " its " + ModelFolder.RUN_JSON);
        }
        OutputTargets.readOnlyFile(modelDir.resolve(ModelFolder.RUN_JSON)).ifPresent(why -> {
            throw new UsageError("--model " + modelDir + ": its " + ModelFolder.RUN_JSON + " is read-only, and the"
                    + " temperature is stored in it");
        });
        ModelOnData opened = ModelOnData.open(modelDir, dir, datasetArgs, err);
        if (opened == null) {
            return 1;
        }
        SavedModel model = opened.model();
        SplitData data = opened.data();
        RunInfo info = model.info();
        if (trainedElsewhere(info, data.dataset())) {
            if (!otherData) {
                err.println("error: " + modelDir + " was trained on other data (" + info.datasetPath() + "), so the"
                        + " validation split of " + dir + " is not its own; its temperature is left as it is"
                        + " (--other-data fits it here all the same)");
                return 1;
            }
            err.println("warning: " + modelDir + " was trained on other data (" + info.datasetPath()
                    + "); fitting its temperature on " + dir + " as asked (--other-data)");
        } else if (info.datasetFingerprint() != null && !info.datasetFingerprint().equals(data.dataset().fingerprint())) {
            err.println("note: the images or labels of " + dir + " changed since " + modelDir
                    + " was trained (corrected labels, say); fitting on its validation split as it is now");
        }
        // before the check below: when problems left every image out, they are the reason there is nothing to read
        data.problemsNote().ifPresent(n -> err.println("note: " + n));
        List<CaptchaSample> val = data.samples("val");
        if (val.isEmpty()) {
            err.println("error: " + dir + " has no labelled validation images to calibrate on");
            return 1;
        }
        ModelOnData.Decoded decoded = opened.decode(val, err);
        val = decoded.samples();
        if (val.isEmpty()) {
            err.println("error: " + dir + " has no validation image that decodes, so there is nothing to calibrate on");
            return 1;
        }
        List<byte[]> images = decoded.images();
        List<String> labels = val.stream().map(CaptchaSample::label).toList();
        // one pass over the images: the fit reports the losses it compared, the one before at the temperature in
        // use until now (1 for a run that had none)
        Double was = info.temperature();
        Calibration.Fit fit = model.predictor().fitTemperature(images, labels, was == null ? 1.0 : was);
        ModelFolder.writeInfo(modelDir, info.withTemperature(fit.temperature()));
        int length = info.labelLength();
        out.printf(Locale.ROOT, "temperature %.4f (was %s): validation loss %.4f -> %.4f on %d images; saved in %s%n",
                fit.temperature(), was == null ? "none" : String.format(Locale.ROOT, "%.4f", was),
                fit.lossBefore() * length, fit.lossAtTemperature() * length, images.size(),
                modelDir.resolve(ModelFolder.RUN_JSON));
        out.flush();
        return 0;
    }

    /**
     * Whether the run was trained on other data than {@code dataset}: it recorded another fingerprint (images, paths
     * and labels) and another folder. The same folder with corrected labels is the same data for this purpose: its
     * split is kept in the work store, so its validation images are still the run's. A run that recorded no
     * fingerprint cannot be checked and is let through.
     */
    static boolean trainedElsewhere(RunInfo info, Dataset dataset) {
        String fingerprint = info.datasetFingerprint();
        if (fingerprint == null || fingerprint.equals(dataset.fingerprint())) {
            return false;
        }
        return !RunInfo.isRecordedFolder(info.datasetPath(), dataset.root());
    }
}
