package org.captchalab.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Dataset;

/**
 * A model folder loaded and ready to predict: its {@link RunInfo} and a {@link Predictor} that owns its own
 * network.
 */
public record SavedModel(Path folder, RunInfo info, Predictor predictor) {

    /** How the warning about a dataset whose images are of another size than the model's input begins. */
    public static final String SIZE_WARNING = "the dataset's images are ";

    /**
     * Why this model cannot be applied to {@code dataset}, one line per reason, or an empty list when it fits:
     * the dataset's labels must use the model's alphabet and length. (Image sizes never block: images are
     * resized to the model's input size; a different size is only worth a warning, see {@link #warnings}.)
     */
    public List<String> misfits(Dataset dataset) {
        return info.misfits(dataset);
    }

    /**
     * Differences that do not stop prediction but may hurt it: the case rule, and an input size other than the
     * dataset's images when the run was trained on other images.
     */
    public List<String> warnings(Dataset dataset) {
        List<String> out = new ArrayList<>();
        // a run trained on this very folder resized these same images to its input size: nothing to warn of
        boolean ownData = RunInfo.isRecordedFolder(info.datasetPath(), dataset.root());
        if (dataset.inputSize() != null && !dataset.inputSize().equals(info.inputSize()) && !ownData) {
            out.add(SIZE_WARNING + dataset.inputSize() + " (the most common size), the model was trained"
                    + " at " + info.inputSize() + " on other images (each is resized to it)");
        }
        if (!dataset.caseRule().name().equals(info.caseRule())) {
            out.add("the model was trained with case rule " + CaseRule.word(info.caseRule()) + ", the dataset uses "
                    + dataset.caseRule().word());
        }
        return out;
    }

    /**
     * The models as one predictor: the first one's own for a single model, else the ensemble that averages their
     * probabilities ({@link Predictor#average}).
     *
     * @throws IllegalArgumentException when one cannot join the first ({@link RunInfo#cannotJoin}), naming both
     *                                  folders and the reason
     */
    public static Predictor together(List<SavedModel> models) {
        if (models.size() == 1) {
            return models.get(0).predictor();
        }
        List<String> refusals = RunInfo.ensembleRefusals(models.stream().map(m -> m.folder().toString()).toList(),
                models.stream().map(SavedModel::info).toList());
        if (!refusals.isEmpty()) {
            throw new IllegalArgumentException(refusals.get(0));
        }
        return Predictor.average(models.stream().map(SavedModel::predictor).toList());
    }
}
