package org.captchalab.ui.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.captchalab.ui.backend.ModelService;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.Messages;

/**
 * The Training tab's list of saved runs: those that fit the open dataset (alphabet and length), listed in the
 * background; which of them the window has loaded and which were trained on the open folder, as the list marks them;
 * and the one chosen to start the next run from. It knows nothing of the run under way, which only asks it to list
 * again when a run has been saved.
 *
 * <p>Threading: FX thread only; the listing itself runs on {@code background}, and only the latest one asked for is
 * shown (listings may end out of order).
 */
final class SavedRunList {

    private final ModelService models;
    private final Background background;
    private final Consumer<String> notifier;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    /** The runs of the model in use (the window's; bound to it), null when none. */
    private final ObjectProperty<List<RunSummary>> loaded = new SimpleObjectProperty<>(this, "loadedRuns");
    private final ObjectProperty<RunSummary> startFrom = new SimpleObjectProperty<>(this, "startFrom");
    /** The folders of the listed runs trained on the open folder, decided with the listing. */
    private Set<Path> trainedHere = Set.of();
    /** Counts listings asked for; only the latest is shown. */
    private long request;

    SavedRunList(ModelService models, Background background, Consumer<String> notifier) {
        this.models = models;
        this.background = background;
        this.notifier = notifier;
    }

    /** Lists the runs that fit {@code ds} again, in the background; with no dataset open, none. */
    void refresh(DatasetState ds) {
        long asked = ++request;
        if (ds == null) {
            trainedHere = Set.of();
            runs.clear();
            startFrom.set(null);
            return;
        }
        String alphabet = ds.rules().alphabet().chars();
        int length = ds.rules().length();
        Path folder = ds.workspace().folder();
        background.run("list runs", () -> {
                    List<RunSummary> fitting = models.runs(ds.workspace().modelsFolder()).stream()
                            .filter(r -> r.fits(alphabet, length)).toList();
                    // may ask the file system (a folder reached through a link): here, not in the list's cells
                    Set<Path> here = fitting.stream().filter(r -> r.trainedOn(folder))
                            .map(RunSummary::folder).collect(Collectors.toUnmodifiableSet());
                    return new Listing(fitting, here);
                }, listing -> {
                    if (asked != request) {
                        return; // listed again since, e.g. for another folder opened meanwhile
                    }
                    List<RunSummary> fitting = listing.runs();
                    trainedHere = listing.trainedHere(); // before the cells are drawn again for the new list
                    runs.setAll(fitting);
                    if (!fitting.contains(startFrom.get())) {
                        startFrom.set(null); // e.g. another dataset was opened
                    }
                },
                e -> {
                    if (asked == request) {
                        notifier.accept("Could not list the saved runs: " + Messages.oneLine(e));
                    }
                });
    }

    /** Runs listed, and the folders of those trained on the open dataset folder. */
    private record Listing(List<RunSummary> runs, Set<Path> trainedHere) {
    }

    /** Whether {@code run} is (one of) the model in use. */
    boolean isLoaded(RunSummary run) {
        List<RunSummary> now = loaded.get();
        return run != null && now != null && now.stream().anyMatch(l -> l.folder().equals(run.folder()));
    }

    /** Whether {@code run}'s run.json names the open folder as its dataset (as of the last listing). */
    boolean isTrainedHere(RunSummary run) {
        return run != null && trainedHere.contains(run.folder());
    }

    /**
     * A saved run as the list shows it: a dot first when it is loaded (where a long line cannot cut it off), then
     * {@link RunSummary#describe()}, then whether it was trained on the open folder.
     */
    String describe(RunSummary run) {
        return (isLoaded(run) ? "\u25cf " : "") + run.describe() + (isTrainedHere(run) ? "  \u00b7 trained here" : "");
    }

    ObservableList<RunSummary> runs() {
        return runs;
    }

    ObjectProperty<List<RunSummary>> loadedRunsProperty() {
        return loaded;
    }

    ObjectProperty<RunSummary> startFromProperty() {
        return startFrom;
    }
}
