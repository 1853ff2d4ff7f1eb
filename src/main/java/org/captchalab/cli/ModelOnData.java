package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.DatasetException;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Predictor;
import org.captchalab.model.RunInfo;
import org.captchalab.model.SavedModel;
import org.captchalab.model.TrainingImageSizes;

/**
 * Saved models and the dataset they are applied to, as {@code eval} and {@code calibrate} open them: one model,
 * or several read as an ensemble.
 */
record ModelOnData(List<SavedModel> models, SplitData data) {

    ModelOnData {
        models = List.copyOf(models);
    }

    /** As {@link #open(List, Path, DatasetArgs, PrintWriter)} for one model. */
    static ModelOnData open(Path modelDir, Path dir, DatasetArgs args, PrintWriter err) throws DatasetException {
        return open(List.of(modelDir), dir, args, err);
    }

    /**
     * Loads the models and the dataset. When a model cannot read the dataset's labels, or the models do not read
     * alike (input size, length, alphabet, case rule), prints one error line per reason, naming the model folder, and
     * returns null; otherwise prints what may hurt (input size, case rule) as warnings.
     */
    static ModelOnData open(List<Path> modelDirs, Path dir, DatasetArgs args, PrintWriter err) throws DatasetException {
        List<SavedModel> models = loadTogether(modelDirs, err);
        if (models == null) {
            return null;
        }
        SplitData data = SplitData.load(dir, args);
        if (data.notice() != null) {
            // a read-only dataset folder: its split is kept in a work store elsewhere, as train says too
            err.println("note: " + data.notice());
        }
        boolean fit = true;
        for (SavedModel model : models) {
            List<String> misfits = model.misfits(data.dataset());
            // a length or alphabet given on the command line is what the dataset was read with: said where it matters
            for (String m : misfits) {
                String given = m.startsWith("the model reads ") && args.length != null
                        ? ", as --length " + args.length + " reads them"
                        : m.endsWith(RunInfo.FOLDED_NOT_READ) ? ": give --fold-case"
                        : m.contains("characters the model does not know") && args.alphabet != null
                        ? ", with --alphabet " + args.alphabet : "";
                err.println("error: " + model.folder() + " does not fit " + dir + ": " + m + given);
            }
            fit &= misfits.isEmpty();
        }
        if (!fit) {
            return null;
        }
        // a saved network takes one input size: the images are resized to it whatever --input-size says
        ImageSize given = args.inputSizeOption();
        ImageSize reads = models.get(0).info().inputSize();
        if (given != null && !given.equals(reads)) {
            err.println("note: --input-size " + given + " is not used: a saved model reads images at the size it was"
                    + " trained at, " + reads + " (each image is resized to it)");
        }
        // every run's training images count: an ensemble's runs share an input size and case rule (they could not
        // join otherwise), but not necessarily the images they were trained on, which the size warning is about
        new TrainingImageSizes(models).datasetWarning(data.dataset()).ifPresent(w -> err.println("warning: " + w));
        models.get(0).caseRuleWarning(data.dataset()).ifPresent(w -> err.println("warning: " + w));
        return new ModelOnData(models, data);
    }

    /**
     * Reads each model folder's run.json (the first that cannot be read throws, naming it) and checks that the runs
     * can be read as one ensemble; if not, prints one error line per run that cannot join the first and returns
     * null, having loaded no network. Else loads them. Also used by {@code predict}.
     */
    static List<SavedModel> loadTogether(List<Path> modelDirs, PrintWriter err) {
        List<RunInfo> infos = modelDirs.stream().map(ModelFolder::readInfo).toList();
        List<String> refusals = RunInfo.ensembleRefusals(modelDirs.stream().map(Path::toString).toList(), infos);
        if (!refusals.isEmpty()) {
            refusals.forEach(r -> err.println("error: " + r));
            return null;
        }
        List<SavedModel> models = new ArrayList<>();
        for (int i = 0; i < modelDirs.size(); i++) {
            models.add(ModelFolder.load(modelDirs.get(i), infos.get(i)));
        }
        return models;
    }

    /** The single model (calibrate) or the first of an ensemble. */
    SavedModel model() {
        return models.get(0);
    }

    /** The model's predictor, or for several models the ensemble that averages their probabilities. */
    Predictor predictor() {
        return SavedModel.together(models);
    }

    /** The dataset's images at the models' input size. */
    ImageCache images() {
        return new ImageCache(data.dataset().root(), model().info().inputSize());
    }

    /** Samples whose images decoded, and those images as the models take them, in the same order. */
    record Decoded(List<CaptchaSample> samples, List<byte[]> images) {
    }

    /**
     * Decodes {@code samples} at the models' input size (on both cores); one that will not decode is left out, and a
     * note on {@code err} names the first such and counts the others.
     */
    Decoded decode(List<CaptchaSample> samples, PrintWriter err) throws Exception {
        ImageCache cache = images();
        List<ImageDecodeException> undecodable = new ArrayList<>();
        List<CaptchaSample> kept = cache.decodable(samples, undecodable);
        ImageDecodeException.leftOutNote(undecodable).ifPresent(n -> err.println("note: " + n));
        return new Decoded(kept, cache.getAll(kept));
    }
}
