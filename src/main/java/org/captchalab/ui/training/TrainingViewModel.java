package org.captchalab.ui.training;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.captchalab.training.TrainingConfig;
import org.captchalab.ui.backend.ModelService;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.backend.TrainingEvents;
import org.captchalab.ui.shared.LabelRules;
import org.captchalab.ui.backend.TrainingRequest;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.Messages;
import org.captchalab.ui.shared.PlainNumberConverter;
import org.captchalab.ui.shared.SampleRow;

/**
 * Training settings, run control and progress; the saved runs it lists are a {@link SavedRunList}.
 *
 * <p>Threading: the training thread only appends records to a concurrent queue ({@link Events}); the view's
 * Timeline calls {@link #drain()} four times a second on the FX thread, which moves them into the charts and
 * the progress line in one go. The run trains on a snapshot of the labels taken when Start is pressed.
 */
public final class TrainingViewModel {

    public enum State { IDLE, STARTING, RUNNING, PAUSED, STOPPING }

    private static final String PAUSED_NOTE = " · paused";
    private static final String STOPPING_NOTE = " · stopping after this minibatch";
    private static final String STOPPING_AT_START_NOTE = " · stopping as soon as it has started";

    private final Supplier<DatasetState> dataset;
    private final ReadOnlyObjectWrapper<DatasetState> openDataset = new ReadOnlyObjectWrapper<>(this, "openDataset");
    private final ModelService models;
    private final Background background;
    private final Consumer<String> notifier;
    private final Consumer<RunSummary> onRunFinished;
    private final TrainingSettings.Store settings;
    // the defaults are TrainingSettings.DEFAULTS, the one place they are written; the constructor then applies
    // the settings remembered from the last run started
    private final ObjectProperty<String> preset = new SimpleObjectProperty<>(this, "preset",
            TrainingSettings.DEFAULTS.preset());
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", TrainingSettings.DEFAULTS.epochs());
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize",
            TrainingSettings.DEFAULTS.batchSize());
    private final StringProperty learningRate = new SimpleStringProperty(this, "learningRate",
            TrainingSettings.DEFAULTS.learningRate());
    private final IntegerProperty timeLimitMinutes = new SimpleIntegerProperty(this, "timeLimitMinutes",
            TrainingSettings.DEFAULTS.timeLimitMinutes());
    private final BooleanProperty augment = new SimpleBooleanProperty(this, "augment", TrainingSettings.DEFAULTS.augment());
    private final DoubleProperty augmentStrength = new SimpleDoubleProperty(this, "augmentStrength",
            TrainingSettings.DEFAULTS.augmentStrength());
    private final StringProperty weightDecay = new SimpleStringProperty(this, "weightDecay",
            TrainingSettings.DEFAULTS.weightDecay());
    private final BooleanProperty fineTune = new SimpleBooleanProperty(this, "fineTune", false);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "Not running");
    private final SavedRunList savedRuns;
    private final TrainingCharts charts = new TrainingCharts();
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private TrainingSession session;
    /** The run being started in the background (FX thread only; null while its images are gathered). */
    private StartingRun starting;
    private int plannedEpochs;
    /** FX thread only: counts runs started, so that a late answer about an earlier run is not taken for this one's. */
    private long runNumber;

    public TrainingViewModel(Supplier<DatasetState> dataset, ModelService models, Background background,
                             Consumer<String> notifier, Consumer<RunSummary> onRunFinished) {
        this(dataset, models, background, notifier, onRunFinished, TrainingSettings.Store.NONE);
    }

    /**
     * @param settings where the settings of the last run started are kept; they are the settings this one opens with
     *                 (read here, on the FX thread, as the window reads its other preferences)
     */
    public TrainingViewModel(Supplier<DatasetState> dataset, ModelService models, Background background,
                             Consumer<String> notifier, Consumer<RunSummary> onRunFinished,
                             TrainingSettings.Store settings) {
        this.settings = settings;
        apply(TrainingSettings.fromMap(settings.load()));
        this.dataset = dataset;
        this.models = models;
        this.background = background;
        this.notifier = notifier;
        this.onRunFinished = onRunFinished;
        this.savedRuns = new SavedRunList(models, background, notifier);
        // the run to start from decides the network, so choosing one chooses its preset
        savedRuns.startFromProperty().addListener((o, a, run) -> {
            if (run != null && run.preset() != null) {
                preset.set(run.preset());
            }
        });
    }

    /**
     * FX thread: another dataset is open. Its fitting runs are listed, and {@link #openDatasetProperty} changes, for
     * what shows its images (the augmentation preview).
     */
    public void datasetOpened() {
        openDataset.set(dataset.get());
        refreshRuns();
    }

    /** The dataset open as of the last {@link #datasetOpened}. */
    public ReadOnlyObjectProperty<DatasetState> openDatasetProperty() {
        return openDataset.getReadOnlyProperty();
    }

    /** Reloads the list of runs that fit the open dataset (alphabet and length), in the background. */
    public void refreshRuns() {
        savedRuns.refresh(dataset.get());
    }

    /** Whether {@code run} is (one of) the model in use. */
    public boolean isLoaded(RunSummary run) {
        return savedRuns.isLoaded(run);
    }

    /** Whether {@code run}'s run.json names the open folder as its dataset (as of the last listing). */
    public boolean isTrainedHere(RunSummary run) {
        return savedRuns.isTrainedHere(run);
    }

    /** A saved run as the run list shows it ({@link SavedRunList#describe}). */
    public String describe(RunSummary run) {
        return savedRuns.describe(run);
    }

    /** Starts a run on a snapshot of the current labels (labelled, non-conflicting images only). */
    public void start() {
        DatasetState ds = dataset.get();
        if (ds == null || state.get() != State.IDLE) {
            return;
        }
        double rate;
        double decay;
        try {
            rate = learningRate();
            decay = weightDecay(rate);
        } catch (IllegalArgumentException e) {
            progressText.set("Could not start: " + e.getMessage());
            notifier.accept("Training could not start: " + e.getMessage());
            return;
        }
        RunSummary from = fineTune.get() ? savedRuns.startFromProperty().get() : null;
        if (fineTune.get() && from == null) {
            notifier.accept("Choose the saved run to start from, or untick \"Start from the weights of\".");
            return;
        }
        if (from != null && from.preset() != null) {
            preset.set(from.preset()); // the saved run's network decides the preset
        }
        settings.save(currentSettings().toMap());
        plannedEpochs = epochs.get();
        String name = preset.get() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String presetId = preset.get();
        int epochCount = epochs.get();
        int batch = batchSize.get();
        Duration limit = timeLimitMinutes.get() > 0 ? Duration.ofMinutes(timeLimitMinutes.get()) : null;
        boolean augmented = augment.get();
        double strength = augmentStrength.get();
        String shownBefore = progressText.get();
        progressText.set("Starting " + name + " …");
        state.set(State.STARTING);
        starting = null;
        long number = ++runNumber;
        SampleRow[] rows = ds.snapshot();
        // choosing the labelled images walks every row (100,000 in a large set): in the background, as the start is
        background.run("gather labelled images", () -> labelled(rows, ds.rules()), snapshot -> {
            if (number != runNumber || state.get() == State.IDLE) {
                return; // stopped meanwhile
            }
            boolean noVal = snapshot.stream().noneMatch(x -> x.split().equals("val"));
            boolean stopped = state.get() == State.STOPPING;
            // another folder opened meanwhile: this one's store is closing, and it is no longer what the user sees
            boolean otherData = dataset.get() != ds;
            if (snapshot.isEmpty() || noVal || stopped || otherData) {
                // nothing started: the last run's charts and line stay
                state.set(State.IDLE);
                progressText.set(shownBefore);
                if (stopped || otherData) {
                    return; // the user has moved on: no dialog
                }
                if (snapshot.isEmpty()) {
                    notifier.accept("Nothing to train on: no image has a valid label.");
                } else if (noVal) {
                    notifier.accept("Nothing to validate on: none of the " + snapshot.size() + " labelled images is in"
                            + " the validation split, and training is judged on it; label more images (a tenth of"
                            + " them go to validation).");
                }
                return;
            }
            charts.clear();
            queue.clear();
            progress.set(0);
            progressText.set("Starting " + name + " on " + snapshot.size() + " labelled images"
                    + (from == null ? "" : " from the weights of " + from.name()) + " …");
            TrainingRequest request = new TrainingRequest(presetId, epochCount, batch, rate, limit, augmented, strength,
                    decay, name, snapshot, from == null ? null : from.folder());
            launch(ds, request, number);
        }, e -> {
            if (number == runNumber) {
                state.set(State.IDLE);
                progressText.set("Could not start: " + Messages.oneLine(e));
                notifier.accept("Training could not start: " + Messages.oneLine(e));
            }
        });
    }

    private void apply(TrainingSettings s) {
        preset.set(s.preset());
        epochs.set(s.epochs());
        batchSize.set(s.batchSize());
        learningRate.set(s.learningRate());
        timeLimitMinutes.set(s.timeLimitMinutes());
        weightDecay.set(s.weightDecay());
        augment.set(s.augment());
        augmentStrength.set(s.augmentStrength());
    }

    /** The settings as they stand (the learning rate and weight decay as typed). */
    TrainingSettings currentSettings() {
        return new TrainingSettings(preset.get(), epochs.get(), batchSize.get(), learningRate.get(),
                timeLimitMinutes.get(), weightDecay.get(), augment.get(), augmentStrength.get());
    }

    /** The labelled, non-conflicting images whose labels fit the dataset's rules, with their splits. */
    private static List<TrainingRequest.LabelledSample> labelled(SampleRow[] rows, LabelRules rules) {
        List<TrainingRequest.LabelledSample> snapshot = new ArrayList<>();
        for (SampleRow r : rows) {
            if (r.labelled() && !r.conflict() && rules.problem(r.label()) == null) {
                snapshot.add(new TrainingRequest.LabelledSample(r.index(), r.label(),
                        r.split() == null ? "train" : r.split().id()));
            }
        }
        return List.copyOf(snapshot);
    }

    private void launch(DatasetState ds, TrainingRequest request, long number) {
        StartingRun run = new StartingRun();
        starting = run;
        background.run("start training", () -> {
            if (!run.begin()) {
                return null; // the window closed before this job began: nothing starts
            }
            try {
                TrainingSession s = models.start(ds.workspace(), request, new Events());
                run.started.complete(s);
                return s;
            } catch (Exception | Error e) {
                run.started.completeExceptionally(e);
                throw e;
            }
        }, s -> {
            if (s == null || number != runNumber || state.get() == State.IDLE) {
                return; // that run has already ended, or never started
            }
            session = s;
            if (state.get() == State.STOPPING) {
                s.stop(); // Stop was pressed while it started
            } else {
                state.set(State.RUNNING);
            }
        }, e -> {
            if (number != runNumber) {
                return;
            }
            state.set(State.IDLE);
            progressText.set("Could not start: " + Messages.oneLine(e));
            notifier.accept("Training could not start: " + Messages.oneLine(e));
        });
    }

    /** The learning rate as typed, or a one-line reason quoting the text ({@code --lr}'s rule: above 0). */
    private double learningRate() {
        String typed = learningRate.get();
        double rate = PlainNumberConverter.read("learning rate", typed, "0.001 or 1e-3");
        if (!TrainingConfig.validLearningRate(rate)) {
            throw new IllegalArgumentException("learning rate '" + typed.strip() + "' must be above 0");
        }
        return rate;
    }

    /** The weight decay as typed, or a one-line reason quoting the text ({@code --weight-decay}'s rules). */
    private double weightDecay(double rate) {
        String typed = weightDecay.get();
        double decay = PlainNumberConverter.read("weight decay", typed, "0.02 or 2e-2; 0 is off");
        if (!TrainingConfig.validWeightDecay(decay)) {
            throw new IllegalArgumentException("weight decay '" + typed.strip() + "' must be between 0 and "
                    + (int) TrainingConfig.MAX_WEIGHT_DECAY);
        }
        if (!TrainingConfig.validDecayStep(rate, decay)) {
            throw new IllegalArgumentException("learning rate x weight decay must be below 1, as each step multiplies the"
                    + " weights by 1 minus it ('" + learningRate.get().strip() + "' x '" + typed.strip() + "')");
        }
        return decay;
    }

    public void togglePause() {
        if (session == null) {
            return;
        }
        if (state.get() == State.RUNNING) {
            session.pause();
            state.set(State.PAUSED);
            progressText.set(progressText.get() + PAUSED_NOTE);
        } else if (state.get() == State.PAUSED) {
            session.resume();
            state.set(State.RUNNING);
            progressText.set(progressText.get().replace(PAUSED_NOTE, ""));
        }
    }

    /**
     * The window is closing: stops the run under way as {@link #stop()} does and returns it, so that the program can
     * wait for it to save (or to remove what it left, when no epoch had ended); null when none is under way.
     */
    public TrainingSession stopForClose() {
        TrainingSession running = session;
        // launched and its session not here yet, whether or not Stop was pressed meanwhile (STARTING or STOPPING): the
        // session arrives on a background thread, while the FX thread that would stop it ends
        StartingRun launched = state.get() != State.IDLE && running == null ? starting : null;
        stop();
        if (launched == null) {
            return running;
        }
        // a start whose job has not begun never will: the closing pool drops its queued jobs unrun, and nothing would
        // ever complete the wait for its session
        return launched.cancelIfNotBegun() ? null : launched;
    }

    /**
     * A run launched in the background: its job claims it as it begins ({@link #begin}), then completes
     * {@link #started} with the session or the failure. A window that closes first claims it instead, so that it never
     * starts. Returned when the window closes while it starts: waits for its session, stops it, then waits for its end.
     */
    private static final class StartingRun implements TrainingSession {
        private final CompletableFuture<TrainingSession> started = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        /** The job begins: false when the window has closed first. */
        boolean begin() {
            return claimed.compareAndSet(false, true);
        }

        /** The window closes: true when the job had not begun, which now never starts the run. */
        boolean cancelIfNotBegun() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            started.cancel(false);
            return true;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void stop() {
            started.thenAccept(TrainingSession::stop);
        }

        @Override
        public boolean awaitEnd(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            TrainingSession s;
            try {
                s = started.get(Math.max(1, millis), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | CancellationException e) {
                return true; // it never started: nothing runs
            } catch (TimeoutException e) {
                return false;
            }
            s.stop();
            return s.awaitEnd(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /**
     * Stops the run after the minibatch under way (it is saved if an epoch has ended). While the run is still
     * starting, it is stopped as soon as it has started.
     */
    public void stop() {
        if (state.get() == State.STARTING) {
            state.set(State.STOPPING);
            progressText.set(progressText.get() + STOPPING_AT_START_NOTE);
        } else if (session != null && (state.get() == State.RUNNING || state.get() == State.PAUSED)) {
            session.resume();
            session.stop();
            state.set(State.STOPPING);
            progressText.set(progressText.get().replace(PAUSED_NOTE, "") + STOPPING_NOTE);
        }
    }

    /** FX thread: moves queued training records into the charts and progress line. */
    public void drain() {
        List<TrainingEvents.Iteration> its = new ArrayList<>();
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof TrainingEvents.Iteration it) {
                its.add(it);
            } else {
                flush(its);
                if (o instanceof TrainingEvents.Epoch ep) {
                    charts.addEpoch(ep);
                } else if (o instanceof Finished f) {
                    finish(f.run(), f.ending());
                } else if (o instanceof TrainingEvents.Ending unsaved) {
                    endUnsaved(unsaved);
                } else if (o instanceof LeftOut l) {
                    notifier.accept("The run goes on without them: " + l.note());
                } else if (o instanceof String failure) {
                    fail(failure);
                }
            }
        }
        flush(its);
    }

    private void flush(List<TrainingEvents.Iteration> its) {
        if (its.isEmpty()) {
            return;
        }
        charts.addIterations(its);
        TrainingEvents.Iteration last = its.get(its.size() - 1);
        progress.set(Math.max(0, Math.min(1, last.progress())));
        // The minibatch under way when Pause or Stop was pressed still reports after it.
        progressText.set(String.format("epoch %d/%d · iteration %d · %.0f img/s · %s left", last.epoch(),
                plannedEpochs, last.iteration(), last.imagesPerSecond(), formatEta(last.etaMillis()))
                + (state.get() == State.PAUSED ? PAUSED_NOTE : state.get() == State.STOPPING ? STOPPING_NOTE : ""));
        its.clear();
    }

    static String formatEta(long millis) {
        if (millis < 0) {
            return "?";
        }
        long s = millis / 1000;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private void finish(RunSummary run, TrainingEvents.Ending ending) {
        session = null;
        state.set(State.IDLE);
        // a run cut short leaves the bar at the epochs it trained
        boolean cut = ending == TrainingEvents.Ending.STOPPED || ending == TrainingEvents.Ending.TIME_LIMIT
                || ending == TrainingEvents.Ending.DIVERGED;
        progress.set(cut && plannedEpochs > 0 ? Math.min(1, run.epochs() / (double) plannedEpochs) : 1);
        String after = " after epoch " + run.epochs() + " of " + plannedEpochs + "; saved as " + run.describe();
        progressText.set(switch (ending) {
            case COMPLETED -> "Finished " + run.describe();
            case STOPPED -> "Stopped" + after;
            case TIME_LIMIT -> "Time limit reached" + after;
            // patience that runs out at the last epoch planned cut nothing short
            case EARLY_STOPPED -> run.epochs() >= plannedEpochs
                    ? "Finished all " + plannedEpochs + " epochs (validation accuracy had stopped improving); saved as "
                    + run.describe()
                    : "Stopped early (validation accuracy stopped improving)" + after;
            case DIVERGED -> "The loss became NaN or infinite" + after + " (its best epoch); try a lower learning rate";
        });
        if (ending == TrainingEvents.Ending.DIVERGED) {
            notifier.accept("Training stopped: the loss became NaN or infinite after epoch " + run.epochs()
                    + ". The run is saved as " + run.name() + " with its best epoch; try a lower learning rate.");
        }
        refreshRuns();
        onRunFinished.accept(run);
    }

    private void endUnsaved(TrainingEvents.Ending ending) {
        session = null;
        state.set(State.IDLE);
        progress.set(0);
        progressText.set(ending == TrainingEvents.Ending.TIME_LIMIT
                ? "The time limit ended the run before its first epoch ended; nothing was saved (give it more minutes)"
                : "Stopped before the first epoch ended; nothing was saved");
    }

    /** A saved run and how it ended, as queued. */
    /** Images left out of the run under way because they would not decode (a note for the user). */
    private record LeftOut(String note) {
    }

    private record Finished(RunSummary run, TrainingEvents.Ending ending) {
    }

    private void fail(String message) {
        session = null;
        state.set(State.IDLE);
        progressText.set("Failed: " + message);
        notifier.accept("Training failed: " + message);
    }

    /** Queues everything the run reports; called on the training thread, never blocks. */
    private final class Events implements TrainingEvents {
        @Override
        public void iteration(Iteration it) {
            queue.add(it);
        }

        @Override
        public void epoch(Epoch ep) {
            queue.add(ep);
        }

        @Override
        public void finished(RunSummary run, Ending ending) {
            queue.add(new Finished(run, ending));
        }

        @Override
        public void endedUnsaved(Ending ending) {
            queue.add(ending);
        }

        @Override
        public void leftOut(String note) {
            queue.add(new LeftOut(note));
        }

        @Override
        public void failed(String message) {
            queue.add(message == null ? "unknown error" : message);
        }
    }

    public ObjectProperty<String> presetProperty() { return preset; }
    public IntegerProperty epochsProperty() { return epochs; }
    public IntegerProperty batchSizeProperty() { return batchSize; }
    /** The learning rate as typed ({@code 0.001} or {@code 1e-3}); read, and refused with its reason, at {@link #start()}. */
    public StringProperty learningRateProperty() { return learningRate; }
    public IntegerProperty timeLimitMinutesProperty() { return timeLimitMinutes; }
    public BooleanProperty augmentProperty() { return augment; }
    /** How strong the augmentation is when it is on: 1 is the standard amount ({@code --augment-strength}). */
    public DoubleProperty augmentStrengthProperty() { return augmentStrength; }
    /** Decoupled weight decay for the next run as typed ({@code --weight-decay}; 0 is off); read at {@link #start()}. */
    public StringProperty weightDecayProperty() { return weightDecay; }
    /** Whether the next run starts from {@link #startFromProperty()}'s weights instead of new ones. */
    public BooleanProperty fineTuneProperty() { return fineTune; }
    /** The saved run (from {@link #runs()}) whose weights the next run starts from when {@link #fineTuneProperty()} is on. */
    public ObjectProperty<RunSummary> startFromProperty() { return savedRuns.startFromProperty(); }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }
    public ObservableList<RunSummary> runs() { return savedRuns.runs(); }
    /** The runs of the model in use, as the window loaded them (bound to the window's); null when none. */
    public ObjectProperty<List<RunSummary>> loadedRunsProperty() { return savedRuns.loadedRunsProperty(); }
    public TrainingCharts charts() { return charts; }
    ModelService models() { return models; }
    DatasetState dataset() { return dataset.get(); }
}
