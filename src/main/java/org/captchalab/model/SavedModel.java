package org.captchalab.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Dataset;

/**
 * A model folder loaded and ready to predict: its {@link RunInfo} and a {@link Predictor} that owns its own
 * network.
 */
public record SavedModel(Path folder, RunInfo info, Predictor predictor) {

    /**
     * Why this model cannot be applied to {@code dataset}, one line per reason, or an empty list when it fits:
     * the dataset's labels must use the model's alphabet and length. (Image sizes never block: images are
     * resized to the model's input size; a different size is only worth a warning, see {@link #warnings}.)
     */
    public List<String> misfits(Dataset dataset) {
        List<String> out = new ArrayList<>();
        if (dataset.labelLength() > 0 && dataset.labelLength() != info.labelLength()) {
            out.add("the model reads " + info.labelLength() + " characters, the dataset's labels have " + dataset.labelLength());
        }
        if (dataset.alphabet() != null && !info.alphabetValue().accepts(dataset.alphabet().chars())) {
            StringBuilder extra = new StringBuilder();
            dataset.alphabet().chars().chars().filter(c -> !info.alphabetValue().contains((char) c)).forEach(c -> extra.append((char) c));
            out.add("the dataset's labels use characters the model does not know: " + extra);
        }
        return out;
    }

    /** Differences that do not stop prediction but may hurt it: input size, case rule. */
    public List<String> warnings(Dataset dataset) {
        List<String> out = new ArrayList<>();
        if (dataset.inputSize() != null && !dataset.inputSize().equals(info.inputSize())) {
            out.add("images are " + dataset.inputSize() + " here, the model was trained at " + info.inputSize() + " (they are resized)");
        }
        if (!dataset.caseRule().name().equals(info.caseRule())) {
            out.add("the model was trained with case rule " + info.caseRule() + ", the dataset uses " + dataset.caseRule());
        }
        return out;
    }

    /**
     * Why {@code other} cannot be averaged with this model in an ensemble (in a few words, as "its input is 96x40,
     * not 129x53"), or null when it can: the same input size, label length, alphabet and case rule.
     */
    public String cannotJoin(SavedModel other) {
        String why = predictor.readsDifferently(other.predictor);
        if (why == null && !other.info.caseRule().equals(info.caseRule())) {
            why = "it was trained with case rule " + other.info.caseRule() + ", not " + info.caseRule();
        }
        return why;
    }

    /**
     * The models as one predictor: the first one's own for a single model, else the ensemble that averages their
     * probabilities ({@link Predictor#average}).
     *
     * @throws IllegalArgumentException when one cannot join the first, naming both folders and the reason
     */
    public static Predictor together(List<SavedModel> models) {
        if (models.size() == 1) {
            return models.get(0).predictor();
        }
        SavedModel first = models.get(0);
        for (SavedModel m : models.subList(1, models.size())) {
            String why = first.cannotJoin(m);
            if (why != null) {
                throw new IllegalArgumentException(m.folder() + " cannot join " + first.folder() + " in an ensemble: " + why);
            }
        }
        return Predictor.average(models.stream().map(SavedModel::predictor).toList());
    }
}
