package org.captchalab.ui;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.captchalab.ui.backend.RunSummary;

/**
 * Which saved run the window loads when it opens a dataset: the run (or the runs read as one model) the user last
 * loaded for it, if every one still exists and fits; else the best run trained on this very folder; else, of the runs whose label length fits and
 * whose alphabet holds every character of the dataset's, the best of those with the smallest alphabet (the shipped
 * model for sample-data, not a run that also reads digits). "Best" is the highest held-out test full-sequence accuracy,
 * or the validation accuracy where a run has no test figure (runs trained in the window), ties and unknowns
 * going to the newest. Runs trained on this folder come first because another dataset's accuracy says little
 * about this one.
 */
final class DefaultRun {

    private DefaultRun() {
    }

    /** Best first: by {@link #score}, then newest. */
    static final Comparator<RunSummary> BEST_FIRST = Comparator.comparingDouble(DefaultRun::score).reversed()
            .thenComparing(Comparator.comparingLong(RunSummary::savedAtMillis).reversed());

    /**
     * The runs to load: the remembered ones when every one is among the fitting runs (in the remembered order), else
     * the one best run as described above; empty when no run fits.
     */
    static List<RunSummary> choose(List<RunSummary> runs, String alphabet, int labelLength, Path folder,
                                   List<String> remembered) {
        List<RunSummary> fitting = runs.stream().filter(r -> r.fits(alphabet, labelLength)).toList();
        List<RunSummary> chosen = remembered.stream()
                .flatMap(name -> fitting.stream().filter(r -> r.name().equals(name)).limit(1)).toList();
        if (!remembered.isEmpty() && chosen.size() == remembered.size()) {
            return chosen;
        }
        // from elsewhere, the run trained on the fewest characters this dataset does not use: a digits-and-letters
        // run reads a letters-only folder too, but a letters run was trained for it
        Comparator<RunSummary> closestThenBest = Comparator.<RunSummary>comparingInt(r -> r.alphabet().length())
                .thenComparing(BEST_FIRST);
        return fitting.stream().filter(r -> trainedOn(r, folder)).min(BEST_FIRST)
                .or(() -> fitting.stream().min(closestThenBest)).map(List::of).orElse(List.of());
    }

    /** Test accuracy, else validation accuracy, else -1 (unknown ranks below any measured run). */
    static double score(RunSummary r) {
        if (!Double.isNaN(r.testSequenceAccuracy())) {
            return r.testSequenceAccuracy();
        }
        return Double.isNaN(r.valSequenceAccuracy()) ? -1 : r.valSequenceAccuracy();
    }

    /** Whether {@code run} was trained on {@code folder}, as its run.json names the dataset. */
    static boolean trainedOn(RunSummary run, Path folder) {
        return run.trainedOn(folder);
    }
}
