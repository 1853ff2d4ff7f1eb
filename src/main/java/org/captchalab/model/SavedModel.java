package org.captchalab.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Dataset;

/**
 * A model folder loaded and ready to predict: its {@link RunInfo} and a {@link Predictor} that owns its own
 * network.
 */
public record SavedModel(Path folder, RunInfo info, Predictor predictor) {

    /**
     * Why this model cannot be applied to {@code dataset}, one line per reason, or an empty list when it fits:
     * the dataset's labels must use the model's alphabet and length. (Image sizes never block: images are
     * resized to the model's input size; a different size is only worth a warning, see {@link #sizeWarning}.)
     */
    public List<String> misfits(Dataset dataset) {
        return info.misfits(dataset);
    }

    /**
     * The warning that the dataset's images are of another size than the model's input, when the run was trained
     * on other images (a run trained on this very folder resized these same images to its input size); empty
     * otherwise. Apart from {@link #caseRuleWarning} so a caller can leave it out (eval does when an {@code --input-size}
     * given has already been answered with a note on the size the model reads).
     */
    public Optional<String> sizeWarning(Dataset dataset) {
        boolean ownData = RunInfo.isRecordedFolder(info.datasetPath(), dataset.root());
        if (dataset.inputSize() == null || dataset.inputSize().equals(info.inputSize()) || ownData) {
            return Optional.empty();
        }
        return Optional.of("the dataset's images are " + dataset.inputSize() + " (the most common size), the model"
                + " was trained at " + info.inputSize() + " on other images (each is resized to it)");
    }

    /** The warning that the model was trained with another case rule than the dataset's; empty when they agree. */
    public Optional<String> caseRuleWarning(Dataset dataset) {
        if (dataset.caseRule().name().equals(info.caseRule())) {
            return Optional.empty();
        }
        return Optional.of("the model was trained with case rule " + CaseRule.word(info.caseRule())
                + ", the dataset uses " + dataset.caseRule().word());
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
