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
     * resized to the model's input size; a different size is only worth a warning, see {@link TrainingImageSizes}.)
     */
    public List<String> misfits(Dataset dataset) {
        return info.misfits(dataset);
    }

    /**
     * The warning that the model was trained with another case rule than the dataset's; empty when they agree, or when
     * the difference changes no label: a dataset kept as it is whose labels are all lowercase reads as a folded one
     * (swust's, read without --fold-case), and a model that kept case but knows no capital reads as a folded one.
     */
    public Optional<String> caseRuleWarning(Dataset dataset) {
        if (dataset.caseRule().name().equals(info.caseRule())) {
            return Optional.empty();
        }
        String datasetChars = dataset.alphabet() == null ? "" : dataset.alphabet().chars();
        boolean matters = dataset.caseRule() == CaseRule.KEEP ? hasCapital(datasetChars) : hasCapital(info.alphabet());
        if (!matters) {
            return Optional.empty();
        }
        return Optional.of("the model was trained with case rule " + CaseRule.word(info.caseRule())
                + ", the dataset uses " + dataset.caseRule().word());
    }

    private static boolean hasCapital(String chars) {
        return chars != null && chars.chars().anyMatch(Character::isUpperCase);
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
