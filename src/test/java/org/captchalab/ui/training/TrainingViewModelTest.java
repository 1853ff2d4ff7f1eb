package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.captchalab.ui.backend.TrainingEvents;
import org.captchalab.ui.backend.TrainingRequest;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.HeldBackground;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;

class TrainingViewModelTest {

    private final FakeWorkspace ws = new FakeWorkspace(20);
    private final DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
    private final FakeModelService models = new FakeModelService();
    private final List<String> messages = new ArrayList<>();
    private final List<RunSummary> finished = new ArrayList<>();
    private final TrainingViewModel vm = new TrainingViewModel(() -> state, models, Background.DIRECT, messages::add,
            finished::add);

    private void drainUntilIdle() throws InterruptedException {
        for (int i = 0; i < 200 && vm.stateProperty().get() != TrainingViewModel.State.IDLE; i++) {
            Thread.sleep(20);
            vm.drain();
        }
    }

    /** A second view model whose service records each request it is asked to start instead of running it. */
    private TrainingViewModel recording(java.util.function.Consumer<org.captchalab.ui.backend.TrainingRequest> onStart) {
        return new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(onStart),
                Background.DIRECT, messages::add, finished::add);
    }

    /** A second view model on a service whose events the test sends itself. */
    private TrainingViewModel scripted(ScriptedService service) {
        return new TrainingViewModel(() -> state, service, Background.DIRECT, messages::add, finished::add);
    }

    @Test
    void aRunStillStartingWhenTheWindowClosesIsStoppedAndWaitedFor() throws Exception {
        GatedStart service = new GatedStart();
        TrainingViewModel closing = startingOn(service);
        assertThat(closing.stateProperty().get()).isEqualTo(TrainingViewModel.State.STARTING);

        TrainingSession run = closing.stopForClose();
        assertThat(run).as("something to wait for, though no session has arrived yet").isNotNull();
        // the start ends in the background after the FX thread, which would have stopped it, is gone
        service.release.countDown();
        assertThat(run.awaitEnd(30_000)).isTrue();
        assertThat(service.endings).containsExactly("unsaved STOPPED");
    }

    @Test
    void aStartWhoseJobHasNotBegunWhenTheWindowClosesNeverStartsAndIsNotWaitedFor() throws Exception {
        ScriptedService service = new ScriptedService();
        HeldBackground held = new HeldBackground();
        TrainingViewModel closing = new TrainingViewModel(() -> state, service, held, messages::add, finished::add);
        closing.start();
        held.run("gather labelled images"); // "start training" now queued, behind busy workers
        assertThat(held.names).containsExactly("start training");

        TrainingSession run = closing.stopForClose();
        // the closing pool drops the queued job unrun: a wait for its session would last the whole limit (600 s)
        assertThat(run).as("nothing to wait for").isNull();
        // and should a worker have taken it from the queue just as the window closed, it starts nothing
        held.runWorkOnly("start training");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aRunStoppedWhileStartingAndThenClosedIsStillStoppedAndWaitedFor() throws Exception {
        GatedStart service = new GatedStart();
        TrainingViewModel closing = startingOn(service);
        closing.stop(); // Stop pressed while the run starts ...
        assertThat(closing.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);

        TrainingSession run = closing.stopForClose(); // ... then the window closed, before the session arrived
        service.release.countDown();
        // the session's arrival on the FX thread, which would stop it, never comes: the close must stop it
        assertThat(run).as("something to stop and wait for").isNotNull();
        assertThat(run.awaitEnd(30_000)).isTrue();
        assertThat(service.endings).containsExactly("unsaved STOPPED");
    }

    /** The fake service, whose start, once begun ({@link #begun}), waits for {@link #release} (as loading the images does). */
    private static final class GatedStart extends FakeModelService {
        final java.util.concurrent.CountDownLatch begun = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) {
            begun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return super.start(workspace, request, events);
        }
    }

    /**
     * Runs the held "start training" job's work on a thread of its own, its result not handed back (as when the FX
     * thread has ended), and returns once the service's start has begun.
     */
    /**
     * A view model whose 3-epoch run on {@code service} has gathered its images and begun its start, which waits
     * for {@code service.release}: launched, its session not yet arrived.
     */
    private TrainingViewModel startingOn(GatedStart service) throws InterruptedException {
        service.iterationDelayMillis = 50; // a second an epoch
        HeldBackground held = new HeldBackground();
        TrainingViewModel closing = new TrainingViewModel(() -> state, service, held, messages::add, finished::add);
        closing.epochsProperty().set(3);
        closing.start();
        held.run("gather labelled images");
        beginStart(held, service);
        return closing;
    }

    private static void beginStart(HeldBackground held, GatedStart service) throws InterruptedException {
        Thread worker = new Thread(() -> {
            try {
                held.runWorkOnly("start training");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "start-training");
        worker.setDaemon(true);
        worker.start();
        assertThat(service.begun.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the start has begun").isTrue();
    }

    @Test
    void aListingOfTheRunsOfAFolderOpenedBeforeThatEndsLastIsNotShown() {
        FakeWorkspace second = new FakeWorkspace(20);
        second.modelsFolder = java.nio.file.Path.of("second-models");
        java.util.concurrent.atomic.AtomicReference<DatasetState> open = new java.util.concurrent.atomic.AtomicReference<>(state);
        RunSummary firstRun = new RunSummary("first-run", java.nio.file.Path.of("fake-models", "first-run"), "seed", 3,
                0.5, 1.0, Double.NaN, 0, "abcdefghijklmnopqrstuvwxyz", 4, "fake");
        RunSummary secondRun = new RunSummary("second-run", java.nio.file.Path.of("second-models", "second-run"), "seed",
                3, 0.5, 1.0, Double.NaN, 0, "abcdefghijklmnopqrstuvwxyz", 4, "second");
        FakeModelService service = new FakeModelService() {
            @Override
            public List<RunSummary> runs(java.nio.file.Path modelsFolder) {
                return List.of(modelsFolder.equals(second.modelsFolder) ? secondRun : firstRun);
            }
        };
        HeldBackground held = new HeldBackground();
        TrainingViewModel listing = new TrainingViewModel(open::get, service, held, messages::add, finished::add);
        listing.refreshRuns(); // the first folder opened
        open.set(new DatasetState(second, second.rows(), Background.DIRECT));
        listing.refreshRuns(); // the second opened while the first's runs are still listed
        held.runLast("list runs"); // the second's listing ends first
        assertThat(listing.runs()).containsExactly(secondRun);
        listing.startFromProperty().set(secondRun);

        held.run("list runs"); // the first's, last
        assertThat(listing.runs()).as("the runs of the folder open now").containsExactly(secondRun);
        assertThat(listing.startFromProperty().get()).isEqualTo(secondRun);
    }

    @Test
    void aRunWhoseImagesWereGatheredFromAFolderNoLongerOpenDoesNotStart() {
        java.util.concurrent.atomic.AtomicReference<DatasetState> open = new java.util.concurrent.atomic.AtomicReference<>(state);
        List<TrainingRequest> started = new ArrayList<>();
        HeldBackground held = new HeldBackground();
        TrainingViewModel other = new TrainingViewModel(open::get,
                new org.captchalab.ui.fakes.RecordingModelService(started::add), held, messages::add, finished::add);
        other.start();
        FakeWorkspace next = new FakeWorkspace(30);
        open.set(new DatasetState(next, next.rows(), Background.DIRECT)); // File > Open meanwhile
        held.drain();
        assertThat(started).isEmpty();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(other.progressTextProperty().get()).isEqualTo("Not running");
        assertThat(messages).isEmpty();
        // and on the folder open now, it starts
        other.start();
        held.drain();
        assertThat(started).hasSize(1);
    }

    @Test
    void aDatasetWithoutValidationImagesStartsNothingAndSaysWhy() {
        FakeWorkspace small = new FakeWorkspace(8); // images 0-7: all in the train split
        DatasetState eight = new DatasetState(small, small.rows(), Background.DIRECT);
        List<TrainingRequest> started = new ArrayList<>();
        TrainingViewModel other = new TrainingViewModel(() -> eight,
                new org.captchalab.ui.fakes.RecordingModelService(started::add), Background.DIRECT, messages::add,
                finished::add);
        other.start();
        assertThat(started).isEmpty();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(messages).containsExactly("Nothing to validate on: none of the 8 labelled images is in the validation"
                + " split, and training is judged on it; label more images (a tenth of them go to validation).");
    }

    @Test
    void runFeedsChartsAndEndsInTheRunList() throws Exception {
        vm.epochsProperty().set(2);
        vm.start();
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.RUNNING);
        drainUntilIdle();
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(vm.charts().lossSeries().get(0).getData()).isNotEmpty();
        assertThat(vm.charts().lossSeries().get(1).getData()).hasSize(2);
        assertThat(vm.charts().accuracySeries().get(1).getData()).hasSize(2);
        assertThat(vm.runs()).hasSize(1);
        assertThat(finished).hasSize(1);
        assertThat(vm.progressTextProperty().get()).startsWith("Finished");
    }

    @Test
    void failedRunSaysWhyAndAllowsAnother() throws Exception {
        models.failNextRun = true;
        vm.epochsProperty().set(1);
        vm.start();
        drainUntilIdle();
        assertThat(messages).singleElement().asString().contains("NaN");
        vm.start();
        drainUntilIdle();
        assertThat(finished).hasSize(1);
    }

    @Test
    void snapshotSkipsUnlabelledImages() {
        var captured = new ArrayList<Integer>();
        FakeModelService spy = new FakeModelService() {
        };
        TrainingViewModel other = recording(r -> captured.add(r.snapshot().size()));
        other.start();
        assertThat(captured).containsExactly(18);
        assertThat(spy.runs).isEmpty();
    }

    @Test
    void pauseAndResumeShowInTheProgressLine() {
        TrainingViewModel other = recording(r -> { });
        other.start();
        other.togglePause();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.PAUSED);
        assertThat(other.progressTextProperty().get()).endsWith(" · paused");
        other.togglePause();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.RUNNING);
        assertThat(other.progressTextProperty().get()).doesNotContain("paused");
        other.togglePause();
        other.stop();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        assertThat(other.progressTextProperty().get()).doesNotContain("paused").endsWith("stopping after this minibatch");
    }

    /** A model service whose run reports only what the test sends through {@link #events}. */
    private static final class ScriptedService extends org.captchalab.ui.fakes.FakeModelServiceBase {
        TrainingEvents events;
        final List<String> calls = new ArrayList<>();

        @Override
        public TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) {
            this.events = events;
            calls.add("start");
            return new TrainingSession() {
                @Override public void pause() { calls.add("pause"); }
                @Override public void resume() { calls.add("resume"); }
                @Override public void stop() { calls.add("stop"); }
                @Override public boolean awaitEnd(long millis) { return true; }
            };
        }
    }

    private static TrainingEvents.Iteration iteration(long it, int epoch) {
        return new TrainingEvents.Iteration(it, epoch, 1.0, 100, it / 60.0, 1000);
    }

    private static RunSummary saved(String name, int epochs) {
        return new RunSummary(name, java.nio.file.Path.of("models", name), "seed", epochs, 0.5, 1.0, Double.NaN, 0,
                "abcd", 4, "data");
    }

    @Test
    void aStoppedRunSaysAfterWhichEpochItStoppedAndWhatWasSaved() throws Exception {
        models.stopAfterEpoch = 3;
        vm.epochsProperty().set(6);
        vm.start();
        drainUntilIdle();
        assertThat(finished).singleElement().satisfies(r -> assertThat(r.epochs()).isEqualTo(3));
        assertThat(vm.progressTextProperty().get())
                .isEqualTo("Stopped after epoch 3 of 6; saved as " + finished.get(0).describe());
        assertThat(vm.progressProperty().get()).as("the bar at the epochs trained").isEqualTo(0.5);
    }

    @Test
    void aRunEndedByItsTimeLimitOrByEarlyStoppingSaysSo() {
        ScriptedService service = new ScriptedService();
        TrainingViewModel other = scripted(service);
        other.epochsProperty().set(10);
        other.start();
        service.events.finished(saved("a", 4), TrainingEvents.Ending.TIME_LIMIT);
        other.drain();
        assertThat(other.progressTextProperty().get()).startsWith("Time limit reached after epoch 4 of 10; saved as a  [");
        other.start();
        service.events.finished(saved("b", 7), TrainingEvents.Ending.EARLY_STOPPED);
        other.drain();
        assertThat(other.progressTextProperty().get())
                .startsWith("Stopped early (validation accuracy stopped improving) after epoch 7 of 10; saved as b  [");
        // patience that runs out at the last epoch stopped nothing early
        other.start();
        service.events.finished(saved("c", 10), TrainingEvents.Ending.EARLY_STOPPED);
        other.drain();
        assertThat(other.progressTextProperty().get())
                .startsWith("Finished all 10 epochs (validation accuracy had stopped improving); saved as c  [");
        assertThat(other.progressProperty().get()).isEqualTo(1.0);
        other.start();
        service.events.endedUnsaved(TrainingEvents.Ending.TIME_LIMIT);
        other.drain();
        assertThat(other.progressTextProperty().get()).isEqualTo(
                "The time limit ended the run before its first epoch ended; nothing was saved (give it more minutes)");
        assertThat(finished).extracting(RunSummary::name).containsExactly("a", "b", "c");
        // a loss that became NaN after epoch 3: saved with its best epoch, and the user is told in a dialog
        other.start();
        service.events.finished(saved("d", 3), TrainingEvents.Ending.DIVERGED);
        other.drain();
        assertThat(other.progressTextProperty().get())
                .startsWith("The loss became NaN or infinite after epoch 3 of 10; saved as d  [")
                .endsWith("(its best epoch); try a lower learning rate");
        assertThat(other.progressProperty().get()).isEqualTo(0.3);
        assertThat(messages).last().isEqualTo("Training stopped: the loss became NaN or infinite after epoch 3. The run"
                + " is saved as d with its best epoch; try a lower learning rate.");
    }

    @Test
    void theStoppingNoteStaysUntilTheRunEnds() {
        ScriptedService service = new ScriptedService();
        TrainingViewModel other = scripted(service);
        other.epochsProperty().set(6);
        other.start();
        service.events.iteration(iteration(1, 1));
        other.drain();
        other.stop();
        assertThat(service.calls).contains("stop");
        // the minibatch under way when Stop was pressed still reports
        service.events.iteration(iteration(2, 1));
        other.drain();
        assertThat(other.progressTextProperty().get()).startsWith("epoch 1/6 · iteration 2")
                .endsWith(" · stopping after this minibatch");
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        service.events.endedUnsaved(TrainingEvents.Ending.STOPPED);
        other.drain();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(other.progressTextProperty().get()).isEqualTo("Stopped before the first epoch ended; nothing was saved");
        assertThat(finished).isEmpty();
    }

    @Test
    void stopWhileTheRunIsStartingStopsItAsSoonAsItHasStarted() {
        ScriptedService service = new ScriptedService();
        HeldBackground held = new HeldBackground();
        TrainingViewModel other = new TrainingViewModel(() -> state, service, held, messages::add, finished::add);
        // stopped while the labelled images are being gathered (in the background): nothing starts
        other.start();
        assertThat(held.names).containsExactly("gather labelled images");
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STARTING);
        other.stop();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        held.drain();
        assertThat(service.calls).isEmpty();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(other.progressTextProperty().get()).as("the line shown before the start").isEqualTo("Not running");

        other.start();
        held.run("gather labelled images");
        assertThat(held.names).containsExactly("start training");
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STARTING);
        other.stop();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        assertThat(other.progressTextProperty().get()).startsWith("Starting ").contains(" labelled images")
                .endsWith(" · stopping as soon as it has started");
        held.drain(); // the run has started
        assertThat(service.calls).containsExactly("start", "stop");
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        service.events.endedUnsaved(TrainingEvents.Ending.STOPPED);
        other.drain();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(other.progressTextProperty().get()).isEqualTo("Stopped before the first epoch ended; nothing was saved");
        // and the next run starts as usual
        other.start();
        held.drain();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.RUNNING);
    }

    @Test
    void etaFormat() {
        assertThat(TrainingViewModel.formatEta(65_000)).isEqualTo("1:05");
        assertThat(TrainingViewModel.formatEta(3_726_000)).isEqualTo("1:02:06");
    }

    @Test
    void aRunCanStartFromASavedRunsWeightsWhichChoosesItsPreset() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = recording(requests::add);
        RunSummary saved = new RunSummary("qq", java.nio.file.Path.of("models", "qq"), "attention", 40, 0.9, 0.5, 0.9,
                0, "abcd", 4, "data");
        other.fineTuneProperty().set(true);
        other.start();
        assertThat(requests).isEmpty();
        assertThat(messages).singleElement().asString().startsWith("Choose the saved run to start from");

        other.startFromProperty().set(saved);
        assertThat(other.presetProperty().get()).isEqualTo("attention");
        other.presetProperty().set("seed"); // changed afterwards: the saved run's network still decides
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.startFrom()).isEqualTo(saved.folder());
            assertThat(r.preset()).isEqualTo("attention");
        });
        assertThat(other.progressTextProperty().get()).contains("from the weights of qq");
        assertThat(other.presetProperty().get()).isEqualTo("attention");
        // a run that is not among the runs fitting the open dataset is no longer offered as the start
        other.refreshRuns();
        assertThat(other.runs()).doesNotContain(saved);
        assertThat(other.startFromProperty().get()).isNull();
    }

    @Test
    void theRequestCarriesTheAugmentationStrengthAndTheWeightDecay() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = recording(requests::add);
        assertThat(other.augmentStrengthProperty().get()).isEqualTo(1.0);
        assertThat(other.weightDecayProperty().get()).isEqualTo("0");
        other.augmentProperty().set(true);
        other.augmentStrengthProperty().set(2.5);
        other.weightDecayProperty().set("0.2");
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.augment()).isTrue();
            assertThat(r.augmentStrength()).isEqualTo(2.5);
            assertThat(r.weightDecay()).isEqualTo(0.2);
        });
    }

    @Test
    void aLearningRateOrWeightDecayThatIsNotANumberIsRefusedQuotingItAsTyped() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = recording(requests::add);
        other.learningRateProperty().set("0,001");
        other.start();
        other.learningRateProperty().set("1e-3");
        other.weightDecayProperty().set("0,02");
        other.start();
        other.weightDecayProperty().set("lots");
        other.start();
        other.weightDecayProperty().set(" ");
        other.start();
        other.weightDecayProperty().set("12");
        other.start();
        other.learningRateProperty().set("-1");
        other.start();
        assertThat(requests).isEmpty();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(messages).containsExactly(
                "Training could not start: learning rate '0,001' is not a number (write 0.001, with a point)",
                "Training could not start: weight decay '0,02' is not a number (write 0.02, with a point)",
                "Training could not start: weight decay 'lots' is not a number (write a number such as 0.02 or 2e-2; 0 is off)",
                "Training could not start: weight decay is empty (write a number such as 0.02 or 2e-2; 0 is off)",
                "Training could not start: weight decay '12' must be between 0 and 10",
                "Training could not start: learning rate '-1' must be above 0");
        assertThat(other.progressTextProperty().get()).isEqualTo("Could not start: learning rate '-1' must be above 0");

        other.learningRateProperty().set("5e-4");
        other.weightDecayProperty().set("0.1");
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.learningRate()).isEqualTo(5e-4);
            assertThat(r.weightDecay()).isEqualTo(0.1);
        });
    }

    @Test
    void withoutTheTickARunStartsFromNewWeightsEvenWithARunChosen() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = recording(requests::add);
        other.startFromProperty().set(new RunSummary("qq", java.nio.file.Path.of("models", "qq"), "strong", 40, 0.9,
                0.5, 0.9, 0, "abcd", 4, "data"));
        other.start();
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.startFrom()).isNull());
    }

    /** A view model that keeps its settings in {@code prefs}, as the window's, and records the runs it starts. */
    private TrainingViewModel remembering(org.captchalab.ui.RecentDatasets prefs, List<TrainingRequest> requests) {
        return new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(requests::add),
                Background.DIRECT, messages::add, finished::add, prefs.trainingSettings());
    }

    @Test
    void theSettingsOfTheLastRunStartedAreTheNextLaunchsSettings() {
        org.captchalab.ui.RecentDatasets prefs = org.captchalab.ui.fakes.MemoryPreferences.recent();
        List<TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel first = remembering(prefs, requests);
        assertThat(first.currentSettings()).as("nothing remembered yet").isEqualTo(TrainingSettings.DEFAULTS);
        first.presetProperty().set("strong");
        first.epochsProperty().set(25);
        first.batchSizeProperty().set(32);
        first.learningRateProperty().set("3e-4");
        first.timeLimitMinutesProperty().set(45);
        first.weightDecayProperty().set("0.02");
        first.augmentProperty().set(true);
        first.augmentStrengthProperty().set(2.5);
        first.start();
        assertThat(requests).hasSize(1);
        first.epochsProperty().set(99); // changed after the start, never started with: not remembered

        TrainingViewModel next = remembering(prefs, requests);
        assertThat(next.currentSettings()).isEqualTo(
                new TrainingSettings("strong", 25, 32, "3e-4", 45, "0.02", true, 2.5));
    }

    @Test
    void settingsRefusedAtStartAreNotRemembered() {
        org.captchalab.ui.RecentDatasets prefs = org.captchalab.ui.fakes.MemoryPreferences.recent();
        List<TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel first = remembering(prefs, requests);
        first.epochsProperty().set(25);
        first.learningRateProperty().set("0,001");
        first.start();
        assertThat(requests).isEmpty();
        assertThat(remembering(prefs, requests).currentSettings()).isEqualTo(TrainingSettings.DEFAULTS);
    }

    @Test
    void aRememberedValueThatIsNotValidFallsBackToItsDefaultAndTheOthersStay() {
        java.util.Map<String, String> stored = new java.util.HashMap<>(
                new TrainingSettings("attention", 25, 32, "3e-4", 45, "0.02", true, 2.5).toMap());
        stored.put("epochs", "0");             // below the spinner's range
        stored.put("batch", "lots");           // not a number
        stored.put("learning-rate", "-1");     // not above 0
        stored.put("augment-strength", "NaN");
        stored.put("preset", "huge");          // no such preset
        TrainingSettings s = TrainingSettings.fromMap(stored);
        TrainingSettings d = TrainingSettings.DEFAULTS;
        assertThat(s).isEqualTo(new TrainingSettings(d.preset(), d.epochs(), d.batchSize(), d.learningRate(), 45,
                "0.02", true, d.augmentStrength()));
        // a weight decay valid alone but not with the learning rate kept (0.5 x 5 is not below 1)
        stored = new java.util.HashMap<>(Map.of("learning-rate", "0.5", "weight-decay", "5"));
        assertThat(TrainingSettings.fromMap(stored)).extracting(TrainingSettings::learningRate,
                TrainingSettings::weightDecay).containsExactly("0.5", "0");
    }

    @Test
    void aViewModelOnDamagedPreferencesOpensWithTheDefaultsWhereTheyAreDamaged() {
        java.util.prefs.Preferences node = new org.captchalab.ui.fakes.MemoryPreferences();
        node.put("training-epochs", "1e9");
        node.put("training-time-limit", "30");
        TrainingViewModel opened = remembering(new org.captchalab.ui.RecentDatasets(node), new ArrayList<>());
        assertThat(opened.epochsProperty().get()).isEqualTo(TrainingSettings.DEFAULTS.epochs());
        assertThat(opened.timeLimitMinutesProperty().get()).isEqualTo(30);
    }

    private static RunSummary run(String name, double valAccuracy, String datasetPath) {
        return new RunSummary(name, java.nio.file.Path.of("fake-models", name), "seed", 3, valAccuracy, 1.0, Double.NaN,
                0, "abcdefghijklmnopqrstuvwxyz", 4, datasetPath);
    }

    @Test
    void theRunListSaysWhichRunsAreLoadedAndWhichWereTrainedOnTheOpenFolder() {
        RunSummary here = run("here", 0.5, "fake"); // the fake workspace's folder
        RunSummary elsewhere = run("elsewhere", 0.6, "/somewhere/else");
        RunSummary unnamed = run("unnamed", 0.7, null);
        models.runs.addAll(List.of(here, elsewhere, unnamed));
        HeldBackground held = new HeldBackground();
        TrainingViewModel listing = new TrainingViewModel(() -> state, models, held, messages::add, finished::add);
        listing.refreshRuns();
        held.run("list runs"); // decided with the listing, in the background
        assertThat(listing.runs()).containsExactlyInAnyOrder(here, elsewhere, unnamed);
        assertThat(listing.describe(here)).isEqualTo(here.describe() + "  \u00b7 trained here");
        assertThat(listing.describe(elsewhere)).isEqualTo(elsewhere.describe());
        assertThat(listing.describe(unnamed)).isEqualTo(unnamed.describe());

        // the window loaded it (its summary read again: the same run folder, other figures)
        listing.loadedRunsProperty().set(List.of(run("elsewhere", 0.9, "/somewhere/else")));
        assertThat(listing.describe(elsewhere)).isEqualTo("\u25cf " + elsewhere.describe());
        assertThat(listing.isLoaded(here)).isFalse();
        // several read as one are all marked
        listing.loadedRunsProperty().set(List.of(here, unnamed));
        assertThat(listing.describe(here)).isEqualTo("\u25cf " + here.describe() + "  \u00b7 trained here");
        assertThat(listing.isLoaded(unnamed)).isTrue();
        assertThat(listing.isLoaded(elsewhere)).isFalse();
        listing.loadedRunsProperty().set(null);
        assertThat(listing.runs()).noneMatch(listing::isLoaded);
    }
}
