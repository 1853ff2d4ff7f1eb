package org.captchalab.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.captchalab.ui.backend.DatasetOpener;
import org.captchalab.ui.backend.ModelService;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.backend.RunsCannotJoin;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.prediction.PredictionRefresher;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SampleRow;
import org.captchalab.ui.shared.Messages;

/**
 * The window's own state: which dataset is open, which model predicts, recent datasets, the status line and
 * the messages for the user. Opening scans the folder and loading a model reads ND4J files, so both run in
 * the background; a result is applied only if the user has not asked for something else meanwhile.
 */
public final class MainViewModel {

    /** How many of the dataset's problems File > Dataset problems lists; the line after them says how to see all. */
    static final int SHOWN_PROBLEMS = 1000;

    private final DatasetOpener opener;
    private final ModelService models;
    private final Background background;
    private final Background storeQueue;
    private final RecentDatasets recent;
    private final PredictionRefresher refresher;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MainViewModel.class);
    private final ReadOnlyObjectWrapper<DatasetState> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ReadOnlyObjectWrapper<Predictor> predictor = new ReadOnlyObjectWrapper<>(this, "predictor");
    private final StatusLine status = new StatusLine();
    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(this, "modelName", "no model");
    /** Whether the model shown was trained on the open folder (any of its runs): its train split is then no test. */
    private final ReadOnlyBooleanWrapper modelTrainedHere = new ReadOnlyBooleanWrapper(this, "modelTrainedHere");
    /** Why the model in use may read the open folder's images poorly (another image size), "" when nothing is known. */
    private final ReadOnlyStringWrapper modelWarning = new ReadOnlyStringWrapper(this, "modelWarning", "");
    /** Whether the model reads each image in nine shifted views (test-time augmentation); a change reloads it. */
    private final BooleanProperty shiftedViews = new SimpleBooleanProperty(this, "shiftedViews");
    /**
     * The runs the latest load asked for (one, or an ensemble; null before the first, and after opening a dataset),
     * and whether the choice is remembered.
     */
    private List<RunSummary> requestedRuns;
    /** How many times a model was loaded by choice (not as the folder's default run), so a choice is not undone. */
    private long chosenLoads;
    private boolean requestedRemember;
    /** The runs of the model in use and whether they were remembered (what a refused load falls back to). */
    private final ReadOnlyObjectWrapper<List<RunSummary>> loadedRuns = new ReadOnlyObjectWrapper<>(this, "loadedRuns");
    private boolean loadedRemember;
    /** Counts loads: only the latest one's result or error is applied (loads may end out of order). */
    private long loadRequest;
    private final ObservableList<Path> recentList = FXCollections.observableArrayList();
    /**
     * One wrapper, kept: an unmodifiable view forwards changes through a weak listener, so a fresh wrapper per
     * call was collected and the Recent menu never heard of a newly opened folder.
     */
    private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recentList);
    private Consumer<String> onMessage = m -> { };
    private long openRequest;
    /**
     * Whether every reading in the grid is the loaded model's: its latest refresh ended with all applied. A failed one
     * leaves the model before's readings in the rows it did not reach.
     */
    private boolean readingsComplete;
    /**
     * Whether the model to be weighed against is not settled yet: a model is being chosen or loaded (a folder's default
     * run, a run chosen, the views switched), or the loaded model is still reading the folder. Its readings count as
     * done only once they are in the store too, after the progress bar is full.
     */
    private boolean modelPending;
    private boolean refreshing;
    /** Finished runs waiting for the loaded model to read every image before they are weighed against it. */
    private final List<Runnable> awaitingReadings = new java.util.ArrayList<>();

    public MainViewModel(DatasetOpener opener, ModelService models, Background background, Background storeQueue,
                         RecentDatasets recent) {
        this.opener = opener;
        this.models = models;
        this.background = background;
        this.storeQueue = storeQueue;
        this.recent = recent;
        this.refresher = new PredictionRefresher(background.longJobs());
        recentList.setAll(recent.list());
        // the latest run asked for, even one still loading: loaded again in the new mode
        shiftedViews.addListener((obs, was, now) -> {
            if (requestedRuns != null && dataset.get() != null) {
                load(requestedRuns, requestedRemember, null);
            }
        });
    }

    /** Where plain messages for the user go (the view shows a dialog). */
    public void setOnMessage(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    public void message(String text) {
        onMessage.accept(text);
    }

    /**
     * File > Export labels: writes the open folder's labels, the corrections made here included, to a labels CSV at
     * {@code csv} (after every save made before), as the {@code export} command does; the status line says where and
     * how many, a refusal or failure is one message.
     */
    public void exportLabels(Path csv) {
        DatasetState ds = dataset.get();
        if (ds == null) {
            message("No dataset is open: there are no labels to export.");
            return;
        }
        ds.exportLabels(csv, r -> showStatus(String.format(java.util.Locale.ROOT, "Exported %,d labels to %s%s", r.rows(),
                        csv, r.unlabelled() > 0 ? " (" + r.unlabelled() + " unlabelled image(s) left out)" : "")),
                e -> message("Could not export the labels: " + Messages.oneLine(e)));
    }

    /** Replaces the status line (for progress that needs no answer from the user). */
    public void showStatus(String text) {
        status.userActed();
        status.say(text);
    }

    /**
     * What went wrong reading the open dataset, one line per file ("name.png: not a PNG ..."), for File > Dataset
     * problems; a line saying there were none, or that no dataset is open.
     */
    public String problemsReport() {
        DatasetState ds = dataset.get();
        if (ds == null) {
            return "No dataset is open.";
        }
        List<String> problems = ds.workspace().problems();
        // where a read-only folder's work goes is said here too: after the first time it is only in the status line
        String notice = ds.workspace().storeNotice().map(n -> "\n\n" + n).orElse("");
        if (problems.isEmpty()) {
            return "No problems reading " + ds.workspace().folder() + "." + notice;
        }
        // a dialog's text area lays out every line it holds: tens of thousands would hold the window for seconds
        String rest = problems.size() <= SHOWN_PROBLEMS ? "" : "\n… and " + (problems.size() - SHOWN_PROBLEMS)
                + " more: `java -jar captcha-lab.jar info " + ds.workspace().folder() + "` lists them all";
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " reading " + ds.workspace().folder()
                + " (each line says what became of the image or labels.csv row):\n"
                + String.join("\n", problems.subList(0, Math.min(problems.size(), SHOWN_PROBLEMS))) + rest + notice;
    }

    /** Opens a dataset folder; then loads the run last loaded for it (or the best fitting one) and predicts. */
    public void open(Path folder) {
        long request = ++openRequest;
        status.userActed();
        status.say("Opening " + folder + " …");
        background.run("open dataset", () -> {
            Workspace ws = opener.open(folder);
            return new DatasetState(ws, ws.rows(), storeQueue);
        }, state -> {
            if (request != openRequest) {
                // another folder was asked for meanwhile: this one was never shown; its store closes off the FX thread
                closeAfterQueuedWrites(state.workspace(), folder);
                return;
            }
            DatasetState old = dataset.get();
            refresher.cancel();
            readingsComplete = false;
            refreshing = false;
            modelPending = false;
            predictor.set(null);
            requestedRuns = null;
            loadedRuns.set(null);
            loadRequest++;
            modelName.set("no model");
            modelTrainedHere.set(false);
            modelWarning.set("");
            dataset.set(state);
            if (old != null) {
                closeAfterQueuedWrites(old.workspace(), old.workspace().folder());
            }
            recent.remember(folder);
            recentList.setAll(recent.list());
            Workspace ws = state.workspace();
            int problems = ws.problems().size();
            String problemsNote = problems + (problems == 1 ? " problem" : " problems")
                    + (problems == 0 ? "" : " (File > Dataset problems)");
            // an empty folder has no length or alphabet to speak of, and no model to look for
            status.say(ws.folder().getFileName() + ": " + (state.size() == 0 ? "no images"
                    : state.size() + " images, " + (ws.labelLength() == 0 ? "none labelled"
                    : "length " + ws.labelLength() + ", alphabet " + ws.alphabet().chars())) + ", " + problemsNote);
            // a dialog the first time; after that the status line says it, so a folder opened daily does not nag
            ws.storeNotice().ifPresent(n -> {
                if (recent.firstTime(ws.folder(), n)) {
                    message(n);
                } else {
                    status.sayAlso(n);
                }
            });
            if (state.size() > 0) {
                loadDefaultRun(state);
            }
            // the refresh cancelled above ends no wait by itself: a run waiting for it is asked about this folder
            readingsEnded();
        }, e -> {
            if (request != openRequest) {
                // another folder was asked for meanwhile: its line stands, and this one is no longer wanted
                LOG.info("could not open {}, no longer asked for: {}", folder, Messages.oneLine(e));
                return;
            }
            status.say("Could not open " + folder);
            message("Could not open " + folder + ": " + Messages.oneLine(e));
        });
    }

    /**
     * Closes a workspace's store off the FX thread, on the queue that writes it, after the saves, undos and redos
     * still queued for it; {@code folder} names it in the job and the log.
     */
    private void closeAfterQueuedWrites(Workspace ws, Path folder) {
        storeQueue.run("close " + folder, () -> {
            ws.close();
            return null;
        }, done -> { }, e -> LOG.warn("closing the store of {} failed", folder, e));
    }

    /**
     * Loads the run the user last loaded for this dataset, else the best fitting one ({@link DefaultRun}). The
     * automatic choice is not remembered, so a better run saved later is picked up on the next open.
     */
    private void loadDefaultRun(DatasetState state) {
        Workspace ws = state.workspace();
        List<String> last = recent.lastRuns(ws.folder());
        // a run finished meanwhile waits for the model chosen here, as for one loading
        modelPending = true;
        // chosen in the background too: telling whether a run was trained on this folder may ask the file system
        background.run("list runs", () -> {
            List<RunSummary> runs = models.runs(ws.modelsFolder());
            String alphabet = ws.alphabet().chars();
            // and the choice without the remembered runs, for remembered runs that can no longer be read as one
            return List.of(DefaultRun.choose(runs, alphabet, ws.labelLength(), ws.folder(), last),
                    DefaultRun.choose(runs, alphabet, ws.labelLength(), ws.folder(), List.of()));
        }, chosen -> {
            if (dataset.get() != state) {
                return;
            }
            if (chosen.get(0).isEmpty()) {
                status.sayAlso("no saved model fits this dataset: train one");
                modelPending = false;
                readingsEnded();
            } else {
                load(chosen.get(0), false, chosen.get(1));
            }
        }, e -> {
            if (dataset.get() == state) {
                message("Could not list the saved runs: " + Messages.oneLine(e));
                modelPending = false;
                readingsEnded();
            }
        });
    }

    /**
     * Loads a saved run the user chose (or just trained) and predicts the whole dataset with it; the run is
     * remembered for this dataset.
     */
    public void loadRun(RunSummary run) {
        chosenLoads++;
        status.userActed();
        load(List.of(run), true, null);
    }

    /**
     * A run trained in this window has ended and been saved. It becomes the model (as {@link #loadRun}) unless the
     * model loaded now reads this dataset's validation images better than the run did on the same images: then that
     * one stays (also the next time this folder is opened), and the status line says so and how to load the new run
     * anyway. A run that reads none of them right does not push out one that reads most of them. While a model is
     * being loaded, or the loaded one is still reading the folder, the run waits for its readings (on the FX thread, no blocking: it is weighed
     * when they end); if they fail the run is loaded, as there is nothing to weigh it against.
     */
    public void runFinished(RunSummary run) {
        weigh(run, chosenLoads);
    }

    /** {@link #runFinished}, with {@code chosenThen} the count of chosen loads when the run ended. */
    private void weigh(RunSummary run, long chosenThen) {
        DatasetState state = dataset.get();
        // the readings shown are the loaded model's own only once refreshed. In nine shifted views they are weighed
        // too, against the run's one-view figure, which favours the loaded model a little: left out, a run that reads
        // nothing replaced an ensemble that read every image, and the status line says which views were compared
        List<RunSummary> loadedThen = loadedRuns.get();
        Predictor predictorThen = predictor.get();
        if (state != null && (modelPending || refreshing)) {
            // still loading or reading (just opened or loaded, views switched, a large folder): weighed when it is
            // done, or a run that reads nothing was loaded unweighed over a model reading most images
            status.noteSavedRun("Run " + run.name() + " saved; it is weighed against "
                    + (modelPending ? "the model being loaded" : modelName.get()) + " once that has read every image");
            awaitingReadings.add(() -> unlessMovedOn(run, state, chosenThen, () -> weigh(run, chosenThen)));
            return;
        }
        // a refresh that failed left some readings of the model before: nothing to weigh, so the run loads as when the
        // loaded model has no validation readings (one that cannot read this folder is no model to keep)
        boolean comparable = state != null && loadedThen != null && readingsComplete;
        SampleRow[] rows = comparable ? state.snapshot() : null;
        Path folder = state == null ? null : state.workspace().folder();
        // whether it was trained on this folder may ask the file system, and the validation images of a large
        // dataset are many: both off the FX thread
        background.run("check finished run", () -> new FinishedRunCheck(
                folder == null || run.datasetPath() == null || DefaultRun.trainedOn(run, folder),
                rows == null ? Double.NaN : validationAccuracy(rows)), check -> unlessMovedOn(run, state, chosenThen, () -> {
                    if (predictor.get() != predictorThen || modelPending || refreshing) {
                        // another model (the folder's default, the other views) loaded or is loading meanwhile: weigh
                        // against what reads now, once it has read
                        weigh(run, chosenThen);
                    } else {
                        compareAndLoad(run, state, check);
                    }
                }), e -> savedNotLoaded(run));
    }

    /**
     * What becomes of a finished run once a wait is over: asked about the folder open now if another opened meanwhile,
     * only saved if the user chose a model meanwhile (that choice stands), else {@code weighNow}.
     */
    private void unlessMovedOn(RunSummary run, DatasetState state, long chosenThen, Runnable weighNow) {
        if (dataset.get() != state) {
            runFinished(run);
        } else if (chosenLoads != chosenThen) {
            savedNotLoaded(run);
        } else {
            weighNow.run();
        }
    }

    /**
     * The loaded model's readings have ended (all in, failed, or dropped as another folder opened): the finished runs
     * that waited for them are weighed now. Each is taken off the list first, as weighing may wait again.
     */
    private void readingsEnded() {
        List<Runnable> waiting = List.copyOf(awaitingReadings);
        awaitingReadings.clear();
        waiting.forEach(Runnable::run);
    }

    /**
     * The window is closing while a run trains: the run is stopped and saved cut short (an epoch or two), and the
     * program ends before {@link #runFinished} could weigh it against the model loaded now. That model is remembered
     * for this folder, as the comparison keeps a better one, so that the next open loads it and not the cut-short run,
     * which {@link DefaultRun} would prefer as trained here; an ensemble is remembered whole, as {@link #loadRuns} does.
     * One write to the preferences: on the FX thread, as {@link #load} remembers a run.
     */
    public void closingDuringRun() {
        DatasetState state = dataset.get();
        if (state != null && loadedRuns.get() != null) {
            recent.rememberRuns(state.workspace().folder(), names(loadedRuns.get()));
        }
    }

    private void savedNotLoaded(RunSummary run) {
        status.noteSavedRun("Run " + run.name() + " saved; select it under Saved runs and load it to see its readings");
    }

    /** Whether a finished run was trained on the open folder, and the loaded model's validation accuracy (or NaN). */
    private record FinishedRunCheck(boolean ownRun, double current) {
    }

    private void compareAndLoad(RunSummary run, DatasetState state, FinishedRunCheck check) {
        if (!check.ownRun()) {
            // another dataset was opened while it trained: its figures are not this dataset's, nor is it its run
            status.noteSavedRun("Run " + run.name() + " saved; it was trained on " + run.datasetPath()
                    + ", not on the dataset open now: open that folder to load it");
            return;
        }
        double current = check.current();
        double fresh = run.valSequenceAccuracy();
        if (!Double.isNaN(current) && !Double.isNaN(fresh) && fresh < current) {
            status.noteSavedRun(String.format(java.util.Locale.ROOT, "Run %s saved; it reads %.1f%% of the validation"
                    + " images%s, %s reads %.1f%%, so %s stays loaded (select %s under Saved runs and load it to see its"
                    + " readings)%s",
                    run.name(), 100 * fresh, shiftedViews.get() ? " in one view" : "", modelName.get(), 100 * current,
                    modelName.get(), run.name(),
                    // its figure is held out only if it never saw these images, which a run from elsewhere may have
                    modelTrainedHere.get() ? "" : "; " + modelName.get() + " was trained on another folder, and any of"
                            + " these images it learnt from count for it too"));
            // and the next open of this folder loads it again, not the newer run trained here
            recent.rememberRuns(state.workspace().folder(), names(loadedRuns.get()));
            return;
        }
        loadRun(run);
    }

    /**
     * The loaded model's full-sequence accuracy on the labelled validation images, from the readings shown; NaN
     * when there are none or some are not read yet.
     */
    private static double validationAccuracy(SampleRow[] rows) {
        int n = 0;
        int right = 0;
        for (SampleRow r : rows) {
            if (r.split() != org.captchalab.dataset.Split.VAL || !r.labelled() || r.conflict()) {
                continue;
            }
            if (r.prediction() == null) {
                return Double.NaN;
            }
            n++;
            right += r.misclassified() ? 0 : 1;
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /**
     * Loads several saved runs as one model that averages their probabilities (an ensemble; one run loads as
     * {@link #loadRun}) and predicts the whole dataset with it. The runs are remembered for the dataset, and the next
     * open loads them as one model again while every one of them is still saved.
     */
    public void loadRuns(List<RunSummary> runs) {
        if (!runs.isEmpty()) {
            chosenLoads++;
            status.userActed();
            load(List.copyOf(runs), true, null);
        }
    }

    /** @param onRefusal what to load instead when the runs are refused as one model (null: keep the model in use) */
    private void load(List<RunSummary> runs, boolean remember, List<RunSummary> onRefusal) {
        DatasetState state = dataset.get();
        boolean views = shiftedViews.get();
        long request = ++loadRequest;
        modelPending = true;
        requestedRuns = runs;
        requestedRemember = remember;
        String names = String.join(" + ", runs.stream().map(RunSummary::name).toList());
        status.say("Loading model " + names + (views ? " in 9 views" : "") + " …");
        Path folder = state == null ? null : state.workspace().folder();
        // whether it was trained here may ask the file system: in the background too
        background.run("load model", () -> {
            Predictor p = models.load(runs, views);
            return new Loaded(p, folder != null && runs.stream().anyMatch(r -> DefaultRun.trainedOn(r, folder)),
                    state == null ? "" : sizeWarning(p, state.workspace()));
        }, loaded -> {
            if (request != loadRequest || dataset.get() != state) {
                return;
            }
            Predictor p = loaded.predictor();
            predictor.set(p);
            modelName.set(p.name());
            modelTrainedHere.set(loaded.trainedHere());
            modelWarning.set(loaded.warning());
            loadedRuns.set(runs);
            loadedRemember = remember;
            if (state != null && remember) {
                recent.rememberRuns(state.workspace().folder(), names(runs));
            }
            modelPending = false;
            refreshPredictions();
            if (!refreshing) {
                readingsEnded();
            }
        }, e -> {
            if (request != loadRequest) {
                return;
            }
            modelPending = false;
            try {
                loadFailed(e, runs, names, views, state, onRefusal);
            } finally {
                // after any load started in its place, which finished runs then wait for
                readingsEnded();
            }
        });
    }

    private void loadFailed(Throwable e, List<RunSummary> runs, String names, boolean views, DatasetState state,
                            List<RunSummary> onRefusal) {
        if (e instanceof RunsCannotJoin) {
            // refused before anything was loaded: the model in use stays, and so do its views
            requestedRuns = loadedRuns.get();
            requestedRemember = loadedRemember;
            status.say("Cannot read " + names + " as one model");
            message("Cannot read " + names + " as one model: " + Messages.oneLine(e));
            if (onRefusal != null) {
                // the folder's remembered runs: forgotten, or every later open would refuse them again
                if (state != null) {
                    recent.forgetRuns(state.workspace().folder());
                }
                if (!onRefusal.isEmpty() && !onRefusal.equals(runs)) {
                    load(onRefusal, false, null);
                }
            }
            return;
        }
        status.say("Could not load " + names);
        message("Could not load the model " + names + (views ? " in 9 views" : "") + ": " + Messages.oneLine(e));
        if (views) {
            // back to one view, which loads the asked-for runs again that way
            shiftedViews.set(false);
        } else {
            requestedRuns = loadedRuns.get();
            requestedRemember = loadedRemember;
        }
    }

    private record Loaded(Predictor predictor, boolean trainedHere, String warning) {
    }

    /**
     * The warning that the folder's images are of another size than the model's runs were trained on, "" when they
     * are alike. Only advice: when it cannot be told, that is logged, and the model loads all the same.
     */
    private String sizeWarning(Predictor p, Workspace ws) {
        try {
            return p.sizeWarning(ws).map(MainViewModel::sentence).orElse("");
        } catch (Exception e) {
            LOG.warn("could not compare the image sizes of {} with {}", p.name(), ws.folder(), e);
            return "";
        }
    }

    private static String sentence(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    private static List<String> names(List<RunSummary> runs) {
        return runs.stream().map(RunSummary::name).toList();
    }

    /** Predicts every image again with the current model, in the background. */
    public void refreshPredictions() {
        DatasetState state = dataset.get();
        Predictor p = predictor.get();
        if (state == null || p == null) {
            return;
        }
        status.say("Predicting " + state.size() + " images with " + p.name() + " …");
        readingsComplete = false;
        // until the readings are in the store too, which comes after the progress bar is full
        refreshing = true;
        // the size warning again where the user looks once the predictions are in: they may be poor because of it
        refresher.start(state, p, () -> {
            status.say("Predictions by " + p.name() + " are up to date"
                    + (modelWarning.get().isEmpty() ? "" : ". " + modelWarning.get()));
            readingsComplete = true;
            refreshing = false;
            readingsEnded();
        }, e -> {
            message("Prediction failed: " + Messages.oneLine(e));
            refreshing = false;
            readingsEnded();
        });
    }

    public ModelService models() {
        return models;
    }

    /** The window's preferences (recent datasets, remembered runs and training settings). */
    RecentDatasets preferences() {
        return recent;
    }

    public ReadOnlyObjectProperty<DatasetState> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Whether the model shown was trained on the open folder, so that its train split counts images it learnt from. */
    public ReadOnlyBooleanProperty modelTrainedHereProperty() {
        return modelTrainedHere.getReadOnlyProperty();
    }

    /**
     * Why the model in use may read the open folder poorly: its images are of another size than those the model was
     * trained on (each is resized to its input all the same); "" when no such thing is known.
     */
    public ReadOnlyStringProperty modelWarningProperty() {
        return modelWarning.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Predictor> predictorProperty() {
        return predictor.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.property();
    }

    /** The runs of the model in use (several when read as one), null when none is loaded. */
    public ReadOnlyObjectProperty<List<RunSummary>> loadedRunsProperty() {
        return loadedRuns.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    /** Read each image in nine shifted views and average them (nine times the work); setting it reloads the model. */
    public BooleanProperty shiftedViewsProperty() {
        return shiftedViews;
    }

    public ReadOnlyDoubleProperty predictionProgressProperty() {
        return refresher.progressProperty();
    }

    public ObservableList<Path> recent() {
        return recentView;
    }
}
