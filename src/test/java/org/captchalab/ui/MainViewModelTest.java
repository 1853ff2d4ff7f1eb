package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.ui.backend.Dl4jModelService;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.HeldBackground;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;

/** Which saved run the window loads when it opens a dataset (no robot: the ViewModel on direct threads). */
class MainViewModelTest {

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private final FakeWorkspace ws = new FakeWorkspace(12);
    private final FakeModelService models = new FakeModelService();
    private final RecentDatasets recent = MemoryPreferences.recent();
    private final MainViewModel vm = new MainViewModel(f -> ws, models, Background.DIRECT, Background.DIRECT, recent);

    /** A run trained on the fake workspace's folder, saved {@code savedAt}, with these accuracies (NaN: unknown). */
    private static RunSummary run(String name, long savedAt, double val, double test) {
        return new RunSummary(name, Path.of("fake-models", name), "strong", 10, val, 1.0, test, savedAt, LOWER, 4,
                Path.of("fake").toAbsolutePath().toString());
    }

    /** A run of the fake workspace, older than {@link #SEED} and much better. */
    private static final RunSummary STRONG = run("strong", 1_000, 0.84, 0.86);
    /** A run of the fake workspace, newer than {@link #STRONG} and much worse. */
    private static final RunSummary SEED = run("seed", 2_000, 0.39, 0.35);

    /** Saves {@link #STRONG} and {@link #SEED} in the fake models folder. */
    private void addStrongAndSeed() {
        models.runs.add(STRONG);
        models.runs.add(SEED);
    }

    /** A view model whose background jobs wait for {@code held}, on the fake folder with "strong" and "seed" saved, opened. */
    private MainViewModel openedWithHeldJobs(HeldBackground held) {
        MainViewModel slow = new MainViewModel(f -> ws, models, held, Background.DIRECT, recent);
        addStrongAndSeed();
        slow.open(Path.of("fake"));
        held.drain();
        return slow;
    }

    /**
     * {@link #openedWithHeldJobs}, then a better run, "better", finishes and is saved, and the user loads {@link #SEED}
     * before the check of the finished run has ended (its job and seed's load wait in {@code held}).
     */
    private MainViewModel seedChosenWhileARunThatFinishedIsChecked(HeldBackground held) {
        MainViewModel slow = openedWithHeldJobs(held);
        RunSummary better = run("better", 3_000, 1.0, 0.5);
        models.runs.add(better);
        slow.runFinished(better);
        slow.loadRun(SEED);
        return slow;
    }

    private String openAndReadModel() {
        vm.open(Path.of("fake"));
        return vm.modelNameProperty().get();
    }

    @Test
    void theProblemsOfReadingTheFolderAreListedAndAReadOnlyFolderSaysWhereTheWorkGoes() {
        List<String> messages = new java.util.ArrayList<>();
        vm.setOnMessage(messages::add);
        assertThat(vm.problemsReport()).isEqualTo("No dataset is open.");
        ws.problems = List.of("a.png: not a PNG, JPEG, BMP or GIF image (unrecognised content)", "abcde_1.png: label 'abcde' has 5 characters, expected 4; left unlabelled");
        ws.storeNotice = "The dataset folder is read-only; your labels and other work are saved in /home/u/.captchalab/stores/x";
        vm.open(Path.of("fake"));
        assertThat(vm.statusProperty().get()).contains(", 2 problems (File > Dataset problems)");
        assertThat(vm.problemsReport()).isEqualTo("2 problems reading fake (each line says what became of the image or labels.csv row):\n"
                + "a.png: not a PNG, JPEG, BMP or GIF image (unrecognised content)\n"
                + "abcde_1.png: label 'abcde' has 5 characters, expected 4; left unlabelled\n\n" + ws.storeNotice);
        assertThat(messages).contains(ws.storeNotice);
        // opened again: the status line says it, no dialog
        messages.clear();
        vm.open(Path.of("fake"));
        assertThat(messages).isEmpty();
        assertThat(vm.statusProperty().get()).contains(" · " + ws.storeNotice);

        // a folder with more problems than a dialog should hold lists the first ones and says how to see them all
        ws.problems = java.util.stream.IntStream.range(0, MainViewModel.SHOWN_PROBLEMS + 205)
                .mapToObj(i -> "x" + i + ".png: not a PNG, JPEG, BMP or GIF image (unrecognised content)").toList();
        vm.open(Path.of("fake"));
        String[] lines = vm.problemsReport().split("\n");
        assertThat(lines[0]).startsWith((MainViewModel.SHOWN_PROBLEMS + 205) + " problems reading fake");
        assertThat(lines[MainViewModel.SHOWN_PROBLEMS]).startsWith("x" + (MainViewModel.SHOWN_PROBLEMS - 1) + ".png: ");
        assertThat(lines[MainViewModel.SHOWN_PROBLEMS + 1])
                .isEqualTo("… and 205 more: `java -jar captcha-lab.jar info fake` lists them all");
        assertThat(lines[lines.length - 1]).isEqualTo(ws.storeNotice);

        ws.problems = List.of();
        ws.storeNotice = null;
        messages.clear();
        vm.open(Path.of("fake"));
        assertThat(vm.statusProperty().get()).contains(", 0 problems").doesNotContain("File >");
        assertThat(vm.problemsReport()).isEqualTo("No problems reading fake.");
        assertThat(messages).isEmpty();
    }

    @Test
    void anEmptyFolderSaysItHasNoImagesAndLooksForNoModel() {
        FakeWorkspace empty = new FakeWorkspace(0);
        empty.problems = List.of("fake: no usable images found (looked for .bmp, .gif, .jpeg, .jpg, .png files)");
        addStrongAndSeed();
        MainViewModel onEmpty = new MainViewModel(f -> empty, models, Background.DIRECT, Background.DIRECT, recent);
        onEmpty.open(Path.of("fake"));
        assertThat(onEmpty.statusProperty().get()).isEqualTo("fake: no images, 1 problem (File > Dataset problems)");
        assertThat(onEmpty.modelNameProperty().get()).isEqualTo("no model");
        // a folder with images loads the best fitting run
        vm.open(Path.of("fake"));
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong");
    }

    @Test
    void aModelIsKnownToBeTrainedHereOnlyWhenOneOfItsRunsWasTrainedOnTheOpenFolder() {
        models.runs.add(new RunSummary("shipped", Path.of("fake-models", "shipped"), "strong", 10, 0.84, 1.0, 0.86, 1_000,
                LOWER, 4, Path.of("elsewhere").toAbsolutePath().toString()));
        assertThat(openAndReadModel()).isEqualTo("shipped");
        assertThat(vm.modelTrainedHereProperty().get()).isFalse();
        RunSummary own = run("own", 2_000, 0.5, 0.5);
        vm.loadRun(own);
        assertThat(vm.modelNameProperty().get()).isEqualTo("own");
        assertThat(vm.modelTrainedHereProperty().get()).isTrue();
        vm.loadRuns(List.of(models.runs.get(0), own));
        assertThat(vm.modelTrainedHereProperty().get()).as("an ensemble with one run trained here").isTrue();
        vm.open(Path.of("fake"));
        assertThat(vm.modelTrainedHereProperty().get()).as("the shipped run, loaded again on opening").isFalse();
    }

    @Test
    void aModelTrainedOnImagesOfAnotherSizeIsMarkedSayingWhyUntilAnotherFolderOpens() {
        addStrongAndSeed();
        models.sizeWarning = "the dataset's images are 100x40 (the most common size), the model was trained on 129x53"
                + " images (each is resized to its 129x53 input)";
        assertThat(openAndReadModel()).isEqualTo("strong");
        String said = "The dataset's images are 100x40 (the most common size), the model was trained on 129x53 images"
                + " (each is resized to its 129x53 input).";
        assertThat(vm.modelWarningProperty().get()).isEqualTo(said);
        // said again once the predictions are in, since they may be poor because of it
        assertThat(vm.statusProperty().get()).isEqualTo("Predictions by strong are up to date. " + said);

        models.sizeWarning = null;
        vm.open(Path.of("fake"));
        assertThat(vm.modelWarningProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("Predictions by strong are up to date");

        // only advice: when it cannot be told, the model loads all the same and nothing is marked
        models.sizeWarning = "fail";
        vm.loadRun(SEED);
        assertThat(vm.modelNameProperty().get()).isEqualTo("seed");
        assertThat(vm.modelWarningProperty().get()).isEmpty();
    }

    @Test
    void aFinishedRunThatReadsWorseThanTheLoadedModelDoesNotReplaceIt() {
        // the shipped model, trained on other data, is what opening this folder loads
        models.runs.add(new RunSummary("shipped", Path.of("fake-models", "shipped"), "strong", 10, 0.84, 1.0, 0.86, 1_000,
                LOWER, 4, Path.of("elsewhere").toAbsolutePath().toString()));
        assertThat(openAndReadModel()).isEqualTo("shipped");
        DatasetState ds = vm.datasetProperty().get();
        ds.saveLabel(8, "abcd", e -> { }); // the one validation image, labelled as the fake model reads every image
        assertThat(java.util.stream.IntStream.range(0, ds.size()).mapToObj(ds::row)
                .filter(r -> r.split() == org.captchalab.dataset.Split.VAL && r.labelled() && !r.misclassified()))
                .as("it reads some validation image right").isNotEmpty();

        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        vm.runFinished(useless);
        assertThat(vm.modelNameProperty().get()).isEqualTo("shipped");
        assertThat(vm.statusProperty().get()).startsWith("Run useless saved; it reads 0.0% of the validation images, shipped reads ")
                .endsWith("so shipped stays loaded (select useless under Saved runs and load it to see its readings);"
                        + " shipped was trained on another folder, and any of these images it learnt from count for it too");
        assertThat(openAndReadModel()).as("not the run trained on this folder, which reads nothing").isEqualTo("shipped");

        // a run trained on another folder (opened in the meantime) is neither compared nor loaded here
        RunSummary elsewhere = new RunSummary("elsewhere", Path.of("fake-models", "elsewhere"), "strong", 10, 1.0, 1.0,
                Double.NaN, 3_500, LOWER, 4, Path.of("other-folder").toAbsolutePath().toString());
        vm.runFinished(elsewhere);
        assertThat(vm.modelNameProperty().get()).isEqualTo("shipped");
        assertThat(vm.statusProperty().get()).isEqualTo("Run elsewhere saved; it was trained on "
                + Path.of("other-folder").toAbsolutePath() + ", not on the dataset open now: open that folder to load it");

        RunSummary better = run("better", 4_000, 1.0, Double.NaN);
        models.runs.add(better);
        vm.runFinished(better);
        assertThat(vm.modelNameProperty().get()).isEqualTo("better");
        assertThat(openAndReadModel()).isEqualTo("better");
    }

    /**
     * With the Model menu's nine shifted views on, a run stopped after an epoch that reads nothing replaced an ensemble
     * that read every validation image (seen in the window): the loaded model's readings were not weighed at all.
     */
    @Test
    void aFinishedRunIsWeighedAgainstAModelReadingInNineViewsToo() {
        models.runs.add(new RunSummary("shipped", Path.of("fake-models", "shipped"), "strong", 10, 0.84, 1.0, 0.86, 1_000,
                LOWER, 4, Path.of("elsewhere").toAbsolutePath().toString()));
        assertThat(openAndReadModel()).isEqualTo("shipped");
        vm.datasetProperty().get().saveLabel(8, "abcd", e -> { }); // the validation image, read right
        vm.shiftedViewsProperty().set(true);
        assertThat(vm.modelNameProperty().get()).isEqualTo("shipped (9 views)");

        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        vm.runFinished(useless);
        assertThat(vm.modelNameProperty().get()).isEqualTo("shipped (9 views)");
        assertThat(vm.statusProperty().get())
                .startsWith("Run useless saved; it reads 0.0% of the validation images in one view, shipped (9 views)"
                        + " reads 100.0%, so shipped (9 views) stays loaded")
                .contains("; shipped (9 views) was trained on another folder, and any of these images it learnt from"
                        + " count for it too");
        assertThat(openAndReadModel()).as("the next open too").startsWith("shipped");

        // a run that reads better in one view than the loaded model in nine is loaded, in nine views as the toggle says
        RunSummary better = run("better", 4_000, 1.0, Double.NaN);
        models.runs.add(better);
        vm.runFinished(better);
        assertThat(vm.modelNameProperty().get()).isEqualTo("better (9 views)");
    }

    /**
     * {@link #openedWithHeldJobs} but for the loaded model's readings: "strong" is loaded and reading every image (its
     * "predict all" job waits in {@code held}), the validation image labelled as the fake model reads it, wrongly
     * read by the readings shown until then.
     */
    private MainViewModel strongStillReading(HeldBackground held) {
        MainViewModel slow = new MainViewModel(f -> ws, models, held, Background.DIRECT, recent);
        addStrongAndSeed();
        slow.open(Path.of("fake"));
        held.run("open dataset");
        held.run("list runs");
        held.run("load model");
        assertThat(held.names).containsExactly("predict all");
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
        slow.datasetProperty().get().saveLabel(8, "abcd", e -> { });
        return slow;
    }

    /**
     * A run that ended while the loaded model was still reading the folder (just loaded, views switched, a large
     * folder) was loaded unweighed: one reading nothing replaced a model that, once done, read every validation image.
     */
    @Test
    void aRunThatEndsWhileTheLoadedModelIsReadingIsWeighedOnceItsReadingsAreIn() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = strongStillReading(held);
        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        slow.runFinished(useless);
        assertThat(held.names).as("nothing is weighed or loaded before strong has read every image")
                .containsExactly("predict all");
        assertThat(slow.statusProperty().get())
                .isEqualTo("Run useless saved; it is weighed against strong once that has read every image");

        held.run("predict all");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
        assertThat(slow.statusProperty().get()).startsWith("Run useless saved; it reads 0.0% of the validation images,"
                + " strong reads 100.0%, so strong stays loaded")
                .as("strong was trained here: its figure is held out").doesNotContain("another folder");
    }

    @Test
    void aRunThatEndsWhileTheLastReadingsAreStoredWaitsForThemToo() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = strongStillReading(held);
        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        // every reading is shown (the progress bar full) and the refresh is storing them when the run ends
        List<Double> progressThen = new java.util.ArrayList<>();
        ws.onCachePredictions = () -> {
            ws.onCachePredictions = null;
            progressThen.add(slow.predictionProgressProperty().get());
            slow.runFinished(useless);
        };
        held.run("predict all");
        assertThat(progressThen).containsExactly(1.0);
        assertThat(slow.statusProperty().get()).as("said while it waited")
                .contains("Run useless saved; it is weighed against strong once that has read every image");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
        assertThat(slow.statusProperty().get()).startsWith("Run useless saved; it reads 0.0% of the validation images,"
                + " strong reads 100.0%, so strong stays loaded");
    }

    @Test
    void aRunThatEndsWhileTheViewsAreSwitchedWaitsForTheModelBeingLoaded() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = strongStillReading(held);
        held.run("predict all");
        slow.shiftedViewsProperty().set(true);
        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        slow.runFinished(useless);
        assertThat(held.names).as("not weighed against the one-view readings still shown").containsExactly("load model");
        assertThat(slow.statusProperty().get())
                .isEqualTo("Run useless saved; it is weighed against the model being loaded once that has read every image");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong (9 views)");
        assertThat(slow.statusProperty().get()).startsWith("Run useless saved; it reads 0.0% of the validation images in"
                + " one view, strong (9 views) reads 100.0%, so strong (9 views) stays loaded");
    }

    @Test
    void aModelChosenWhileAFinishedRunWaitsForTheReadingsStaysLoaded() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = strongStillReading(held);
        RunSummary better = run("better", 3_000, 1.0, 0.5);
        models.runs.add(better);
        slow.runFinished(better);
        slow.loadRun(SEED);
        held.drain();
        assertThat(slow.modelNameProperty().get()).as("the choice stands").isEqualTo("seed");
        assertThat(slow.statusProperty().get())
                .startsWith("Run better saved; select it under Saved runs and load it to see its readings");
        assertThat(held.names).isEmpty();
    }

    @Test
    void aFolderOpenedWhileAFinishedRunWaitsForTheReadingsIsAskedAbout() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = strongStillReading(held);
        RunSummary better = run("better", 3_000, 1.0, 0.5);
        models.runs.add(better);
        slow.runFinished(better);
        slow.open(Path.of("fake"));
        held.run("open dataset"); // drops strong's readings: the run is weighed for the folder open now, once its model reads
        assertThat(held.names).contains("list runs").doesNotContain("check finished run");
        assertThat(slow.statusProperty().get())
                .contains("Run better saved; it is weighed against the model being loaded once that has read every image");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("better");
    }

    /**
     * When the loaded model fails to read the folder, the rows it did not reach keep the readings before its own (here
     * right ones): they were weighed as its, so a model that reads nothing here kept out the run. The run is loaded, as
     * when the loaded model has no validation readings: one that cannot read this folder is no model to keep.
     */
    @Test
    void aRunThatEndsAfterTheLoadedModelFailedToReadIsLoaded() {
        List<String> messages = new java.util.ArrayList<>();
        vm.setOnMessage(messages::add);
        addStrongAndSeed();
        models.failPredict = true;
        assertThat(openAndReadModel()).isEqualTo("strong");
        assertThat(messages).containsExactly("Prediction failed: the input is 96x40, not 129x53");
        DatasetState ds = vm.datasetProperty().get();
        assertThat(ds.row(8).prediction()).as("the validation image's reading from before").isNotNull();
        assertThat(ds.row(8).misclassified()).isFalse();

        models.failPredict = false;
        RunSummary useless = run("useless", 3_000, 0.0, Double.NaN);
        models.runs.add(useless);
        vm.runFinished(useless);
        assertThat(vm.modelNameProperty().get()).isEqualTo("useless");
    }

    /**
     * Quitting during a run saves it cut short, and the program ends before the run is weighed against the model
     * loaded: that model is remembered, so the next open does not load the cut-short run as this folder's own.
     */
    @Test
    void closingDuringARunKeepsTheLoadedModelForTheNextOpen() {
        models.runs.add(new RunSummary("shipped", Path.of("fake-models", "shipped"), "strong", 10, 0.84, 1.0, 0.86, 1_000,
                LOWER, 4, Path.of("elsewhere").toAbsolutePath().toString()));
        assertThat(openAndReadModel()).isEqualTo("shipped");
        assertThat(recent.lastRuns(Path.of("fake"))).as("the automatic choice").isEmpty();

        vm.closingDuringRun();
        models.runs.add(run("cut-short", 3_000, 0.0, Double.NaN)); // saved as the window closes
        MainViewModel nextLaunch = new MainViewModel(f -> ws, models, Background.DIRECT, Background.DIRECT, recent);
        nextLaunch.open(Path.of("fake"));
        assertThat(nextLaunch.modelNameProperty().get()).isEqualTo("shipped");

        // with no model loaded there is nothing to keep: the run trained here is the next open's model
        RecentDatasets fresh = MemoryPreferences.recent();
        MainViewModel none = new MainViewModel(f -> ws, new FakeModelService(), Background.DIRECT, Background.DIRECT, fresh);
        none.open(Path.of("fake"));
        none.closingDuringRun();
        assertThat(fresh.lastRuns(Path.of("fake"))).isEmpty();
    }

    @Test
    void loadsTheRunWithTheBestTestAccuracyNotTheNewest() {
        models.runs.add(run("strong", 1_000, 0.84, 0.86));
        models.runs.add(run("seed", 2_000, 0.39, 0.35)); // newer, much worse
        assertThat(openAndReadModel()).isEqualTo("strong");
    }

    @Test
    void fallsBackToValidationAccuracyThenToTheNewest() {
        models.runs.add(run("tested", 1_000, 0.20, 0.30));
        models.runs.add(run("validated-only", 2_000, 0.60, Double.NaN));
        models.runs.add(run("unknown", 3_000, Double.NaN, Double.NaN));
        assertThat(openAndReadModel()).isEqualTo("validated-only");

        FakeModelService none = new FakeModelService();
        none.runs.add(run("older", 1_000, Double.NaN, Double.NaN));
        none.runs.add(run("newer", 2_000, Double.NaN, Double.NaN));
        MainViewModel other = new MainViewModel(f -> ws, none, Background.DIRECT, Background.DIRECT, recent);
        other.open(Path.of("fake"));
        assertThat(other.modelNameProperty().get()).isEqualTo("newer");
    }

    @Test
    void aRunTheUserLoadedIsRememberedButTheAutomaticChoiceIsNot() {
        addStrongAndSeed();
        assertThat(openAndReadModel()).isEqualTo("strong");
        assertThat(recent.lastRuns(Path.of("fake"))).isEmpty();

        vm.loadRun(SEED);
        assertThat(vm.modelNameProperty().get()).isEqualTo("seed");
        assertThat(openAndReadModel()).isEqualTo("seed");
    }

    @Test
    void shiftedViewsReloadTheSameRunUnderItsOwnNameAndKey() {
        addStrongAndSeed();
        assertThat(openAndReadModel()).isEqualTo("strong");
        String plainKey = vm.predictorProperty().get().cacheKey();

        vm.shiftedViewsProperty().set(true);
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong (9 views)");
        assertThat(vm.predictorProperty().get().cacheKey()).isNotEqualTo(plainKey);
        assertThat(recent.lastRuns(Path.of("fake"))).as("switching views is not choosing a run").isEmpty();

        vm.loadRun(SEED);
        assertThat(vm.modelNameProperty().get()).as("a run loaded now reads in views too").isEqualTo("seed (9 views)");
        vm.shiftedViewsProperty().set(false);
        assertThat(vm.modelNameProperty().get()).isEqualTo("seed");
    }

    @Test
    void severalRunsLoadAsOneModelThatViewsReloadAndThatTheNextOpenLoadsAgain() {
        addStrongAndSeed();
        assertThat(openAndReadModel()).isEqualTo("strong");
        vm.loadRun(SEED);

        vm.loadRuns(List.of(STRONG, SEED));
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong + seed");
        assertThat(vm.loadedRunsProperty().get()).as("what the Training tab marks as loaded").containsExactly(STRONG, SEED);
        assertThat(vm.statusProperty().get()).isEqualTo("Predictions by strong + seed are up to date");
        vm.shiftedViewsProperty().set(true);
        assertThat(vm.modelNameProperty().get()).as("the ensemble is loaded again in views").isEqualTo("strong + seed (9 views)");
        vm.shiftedViewsProperty().set(false);
        assertThat(recent.lastRuns(Path.of("fake"))).as("the ensemble, in the order chosen").containsExactly("strong", "seed");
        assertThat(openAndReadModel()).isEqualTo("strong + seed");

        vm.loadRuns(List.of(STRONG));
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong");
        assertThat(recent.lastRuns(Path.of("fake"))).as("one run through loadRuns is a choice").containsExactly("strong");
    }

    /** A remembered ensemble one of whose runs is gone opens as a folder with nothing remembered does. */
    @Test
    void aRememberedEnsembleWithARunDeletedOpensTheBestRun() {
        addStrongAndSeed();
        openAndReadModel();
        vm.loadRuns(List.of(SEED, STRONG));
        models.runs.remove(SEED);
        assertThat(openAndReadModel()).isEqualTo("strong");
        assertThat(recent.lastRuns(Path.of("fake"))).as("kept, should the run come back").containsExactly("seed", "strong");
    }

    /**
     * Remembered runs that can no longer be read as one (one was trained again at another input size under the same
     * name): the message says why, and the run the folder would open without them is loaded, not nothing.
     */
    @Test
    void aRememberedEnsembleRefusedOnOpenFallsBackToTheBestRun() {
        addStrongAndSeed();
        openAndReadModel();
        vm.loadRuns(List.of(SEED, STRONG));
        List<String> messages = new java.util.ArrayList<>();
        vm.setOnMessage(messages::add);
        models.refuseTogether = true;

        assertThat(openAndReadModel()).isEqualTo("strong");
        assertThat(messages).singleElement().asString().startsWith("Cannot read seed + strong as one model: ");
        assertThat(recent.lastRuns(Path.of("fake"))).as("forgotten, so the next open does not refuse them again").isEmpty();
        assertThat(openAndReadModel()).isEqualTo("strong");
        assertThat(messages).hasSize(1);
    }

    /** Quitting during a run with an ensemble loaded keeps the whole ensemble, as for one run. */
    @Test
    void closingDuringARunKeepsALoadedEnsemble() {
        addStrongAndSeed();
        openAndReadModel();
        vm.loadRuns(List.of(STRONG, SEED));
        recent.rememberRuns(Path.of("fake"), List.of("strong")); // as if chosen elsewhere since
        vm.closingDuringRun();
        assertThat(recent.lastRuns(Path.of("fake"))).containsExactly("strong", "seed");
    }

    @Test
    void aRunNameHoldingALineBreakIsNotRememberedAndTheChoiceBeforeStays() {
        recent.rememberRuns(Path.of("fake"), List.of("seed"));
        recent.rememberRuns(Path.of("fake"), List.of("strong", "two\nlines"));
        assertThat(recent.lastRuns(Path.of("fake"))).containsExactly("seed");
    }

    @Test
    void runsRefusedAsOneModelLeaveTheModelInUseAndItsViewsAlone() {
        addStrongAndSeed();
        List<String> messages = new java.util.ArrayList<>();
        vm.setOnMessage(messages::add);
        assertThat(openAndReadModel()).isEqualTo("strong");
        vm.shiftedViewsProperty().set(true);
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong (9 views)");
        models.refuseTogether = true;

        vm.loadRuns(List.of(STRONG, SEED));

        assertThat(messages).containsExactly("Cannot read strong + seed as one model: seed cannot join strong in an "
                + "ensemble: its input is 96x40, not 129x53");
        assertThat(vm.shiftedViewsProperty().get()).as("a refusal is not a failure of the views").isTrue();
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong (9 views)");
        assertThat(vm.loadedRunsProperty().get()).as("still the model in use").containsExactly(STRONG);
        assertThat(vm.statusProperty().get()).isEqualTo("Cannot read strong + seed as one model");
        vm.shiftedViewsProperty().set(false);
        assertThat(vm.modelNameProperty().get()).as("the views apply to the model in use, not the refused runs")
                .isEqualTo("strong");
        assertThat(messages).hasSize(1);
    }

    @Test
    void tickingTheViewsWhileARunIsLoadingLoadsThatRunInViewsWhateverFinishesFirst() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = new MainViewModel(f -> ws, models, held, Background.DIRECT, recent);
        addStrongAndSeed();
        slow.open(Path.of("fake"));
        held.runAt(0); // open dataset
        held.runAt(0); // list runs: the best run's load is now pending
        assertThat(held.pending("load model")).isEqualTo(1);
        slow.shiftedViewsProperty().set(true);
        assertThat(held.pending("load model")).isEqualTo(2);
        held.runAt(held.names.indexOf("load model")); // the single-view load ends first and is stale
        assertThat(slow.modelNameProperty().get()).isEqualTo("no model");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong (9 views)");

        // the user picks another run and unticks the box before it has loaded: that run, in one view
        slow.loadRun(SEED);
        slow.shiftedViewsProperty().set(false);
        int stale = held.names.indexOf("load model");
        held.runAt(held.names.lastIndexOf("load model")); // the newer request ends first
        assertThat(slow.modelNameProperty().get()).isEqualTo("seed");
        held.runAt(stale);
        held.drain();
        assertThat(slow.modelNameProperty().get()).as("the stale 9-view load is not applied").isEqualTo("seed");
        assertThat(recent.lastRuns(Path.of("fake"))).as("the user's choice is remembered").containsExactly("seed");
    }

    @Test
    void aFinishedRunIsCheckedInTheBackgroundAndAgainstTheDatasetOpenWhenTheCheckEnds() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = openedWithHeldJobs(held);
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");

        // reads validation better than "strong", but would not be the folder's default run (a lower test figure)
        RunSummary better = run("better", 3_000, 1.0, 0.5);
        models.runs.add(better);
        slow.runFinished(better);
        assertThat(held.names).as("whether it was trained on this folder is asked off the FX thread")
                .containsExactly("check finished run");
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
        // the folder is opened again before the check ends: the check is made again for the dataset open now
        slow.open(Path.of("fake"));
        held.run("open dataset");
        held.run("check finished run");
        // made again for the dataset open now, once the model it loads has read it
        assertThat(held.names).containsExactly("list runs");
        assertThat(slow.statusProperty().get())
                .contains("Run better saved; it is weighed against the model being loaded once that has read every image");
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("better");
    }

    @Test
    void aModelChosenWhileAFinishedRunIsCheckedStaysLoaded() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = seedChosenWhileARunThatFinishedIsChecked(held);
        held.drain();
        assertThat(slow.modelNameProperty().get()).as("the choice stands, the finished run is not loaded over it")
                .isEqualTo("seed");
        assertThat(held.names).isEmpty();
    }

    @Test
    void theSavedRunsLineOutlivesTheReadingsOfTheModelLoadingMeanwhileUntilTheUserActs() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = seedChosenWhileARunThatFinishedIsChecked(held);
        held.run("check finished run");
        String saved = "Run better saved; select it under Saved runs and load it to see its readings";
        assertThat(slow.statusProperty().get()).isEqualTo(saved);
        held.drain(); // "seed" loads, then reads every image
        assertThat(slow.modelNameProperty().get()).isEqualTo("seed");
        assertThat(slow.statusProperty().get()).as("what followed is added to the line, not put in its place")
                .isEqualTo(saved + " · Predictions by seed are up to date");

        // until the user asks for something else
        slow.loadRun(STRONG);
        assertThat(slow.statusProperty().get()).isEqualTo("Loading model strong …");
        held.drain();
        assertThat(slow.statusProperty().get()).isEqualTo("Predictions by strong are up to date");
    }

    @Test
    void aFolderThatFailsToOpenAfterAnotherHasOpenedSaysNothing() {
        HeldBackground held = new HeldBackground();
        List<String> messages = new java.util.ArrayList<>();
        MainViewModel slow = new MainViewModel(f -> {
            if (f.equals(Path.of("broken"))) {
                throw new java.io.IOException("broken: permission denied");
            }
            return ws;
        }, models, held, Background.DIRECT, recent);
        slow.setOnMessage(messages::add);
        addStrongAndSeed();
        slow.open(Path.of("broken")); // slow to fail ...
        slow.open(Path.of("fake")); // ... and another folder asked for meanwhile, which opens first
        held.runLast("open dataset");
        String opened = slow.statusProperty().get();
        assertThat(opened).startsWith("fake: 12 images");

        held.run("open dataset"); // the first fails, last
        assertThat(slow.statusProperty().get()).isEqualTo(opened);
        assertThat(messages).isEmpty();
        held.drain();
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
    }

    @Test
    void runsThatCannotBeListedForAFolderNoLongerOpenSayNothing() {
        HeldBackground held = new HeldBackground();
        List<String> messages = new java.util.ArrayList<>();
        FakeWorkspace unlistable = new FakeWorkspace(12);
        unlistable.modelsFolder = Path.of("unreadable-models");
        FakeModelService failing = new FakeModelService() {
            @Override
            public List<RunSummary> runs(Path modelsFolder) {
                if (modelsFolder.equals(unlistable.modelsFolder)) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("unreadable-models: permission denied"));
                }
                return super.runs(modelsFolder);
            }
        };
        MainViewModel slow = new MainViewModel(f -> f.equals(Path.of("first")) ? unlistable : ws, failing, held,
                Background.DIRECT, recent);
        slow.setOnMessage(messages::add);
        slow.open(Path.of("first"));
        held.run("open dataset"); // its runs are listed next, slowly ...
        slow.open(Path.of("fake"));
        held.run("open dataset"); // ... and another folder opens before the listing fails
        held.run("list runs");
        assertThat(messages).isEmpty();
        held.drain();
        assertThat(slow.statusProperty().get()).as("the open folder's own line").startsWith("fake: 12 images")
                .endsWith("no saved model fits this dataset: train one");
    }

    @Test
    void runsReadAsOneThatFinishLoadingAfterAnotherOpenAreNotApplied() {
        HeldBackground held = new HeldBackground();
        MainViewModel slow = openedWithHeldJobs(held);
        assertThat(slow.modelNameProperty().get()).isEqualTo("strong");
        org.captchalab.ui.shared.DatasetState before = slow.datasetProperty().get();

        slow.loadRuns(List.copyOf(models.runs));
        slow.open(Path.of("fake"));
        held.runAt(held.names.indexOf("open dataset"));
        assertThat(slow.datasetProperty().get()).isNotSameAs(before);
        held.runAt(held.names.indexOf("load model")); // the ensemble, asked for on the dataset opened before
        assertThat(slow.modelNameProperty().get()).isEqualTo("no model");
        held.drain();
        assertThat(slow.modelNameProperty().get()).as("the new dataset's own default run").isEqualTo("strong");
    }

    @Test
    void aRunThatCannotLoadInViewsSaysSoAndGoesBackToOneView() {
        models.runs.add(run("strong", 1_000, 0.84, 0.86));
        List<String> messages = new java.util.ArrayList<>();
        vm.setOnMessage(messages::add);
        assertThat(openAndReadModel()).isEqualTo("strong");
        models.failShiftedViews = true;
        vm.shiftedViewsProperty().set(true);
        assertThat(messages).containsExactly("Could not load the model strong in 9 views: no memory for nine views");
        assertThat(vm.shiftedViewsProperty().get()).isFalse();
        assertThat(vm.modelNameProperty().get()).isEqualTo("strong");
    }

    @Test
    void prefersRunsTrainedOnThisFolderOverBetterOnesFromElsewhere() {
        models.runs.add(run("here", 1_000, 0.40, 0.40));
        models.runs.add(new RunSummary("elsewhere", Path.of("fake-models", "elsewhere"), "strong", 10, 0.99, 0.1, 0.99,
                2_000, LOWER, 4, "/some/other/dataset"));
        assertThat(openAndReadModel()).isEqualTo("here");
    }

    @Test
    void ignoresRunsThatDoNotFitAndSaysSoWhenNoneDoes() {
        models.runs.add(new RunSummary("digits", Path.of("fake-models", "digits"), "strong", 10, 0.99, 0.1, 0.99,
                2_000, "0123456789", 4, Path.of("fake").toAbsolutePath().toString()));
        assertThat(openAndReadModel()).isEqualTo("no model");
        assertThat(vm.statusProperty().get()).contains("no saved model fits");
    }

    /**
     * A run reads a dataset whose labels use only some of its characters (a slice of a folder, labels corrected away
     * from a character); from elsewhere, the run with the fewest characters the dataset does not use is chosen.
     */
    @Test
    void aRunWhoseAlphabetHoldsTheDatasetsFitsAndTheClosestAlphabetIsChosen() {
        RunSummary letters = new RunSummary("letters", Path.of("fake-models", "letters"), "strong", 10, 0.9, 0.1, 0.90,
                1_000, LOWER, 4, "/some/qq/folder");
        RunSummary digitsToo = new RunSummary("digits-too", Path.of("fake-models", "digits-too"), "strong", 10, 0.99, 0.1,
                0.99, 2_000, "0123456789" + LOWER, 4, "/some/swust/folder");
        assertThat(letters.fits("abz", 4)).isTrue();
        assertThat(letters.fits(LOWER, 4)).isTrue();
        assertThat(letters.fits("ab7", 4)).as("a character the run does not know").isFalse();
        assertThat(letters.fits("abz", 5)).as("another length").isFalse();
        Path here = Path.of("fake").toAbsolutePath();
        assertThat(DefaultRun.choose(List.of(letters, digitsToo), "abz", 4, here, List.of())).containsExactly(letters);
        assertThat(DefaultRun.choose(List.of(letters, digitsToo), "ab7", 4, here, List.of())).containsExactly(digitsToo);
        assertThat(DefaultRun.choose(List.of(letters, digitsToo), "abz", 4, here, List.of("digits-too")))
                .as("a run the user chose stays chosen").containsExactly(digitsToo);
    }

    /** The issue as reported: the shipped swust runs, read from their run.json files; the best one opens. */
    @Test
    void onSwustTheShippedRunWithTheBestTestAccuracyIsChosen() {
        List<RunSummary> shipped = new Dl4jModelService().runs(Path.of("models"));
        RunSummary seed = shipped.stream().filter(r -> r.name().equals("swust-seed")).findFirst().orElseThrow();
        RunSummary strong = shipped.stream().filter(r -> r.name().equals("swust-strong")).findFirst().orElseThrow();
        RunSummary attention = shipped.stream().filter(r -> r.name().equals("swust-attention")).findFirst().orElseThrow();
        assertThat(attention.testSequenceAccuracy()).isGreaterThan(strong.testSequenceAccuracy());
        assertThat(strong.testSequenceAccuracy()).isGreaterThan(seed.testSequenceAccuracy());

        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        assertThat(DefaultRun.choose(shipped, alphabet, 4, Path.of(seed.datasetPath()), List.of())).containsExactly(attention);
        // without it, the strong run still beats the seed run
        List<RunSummary> older = shipped.stream().filter(r -> r != attention).toList();
        assertThat(DefaultRun.choose(older, alphabet, 4, Path.of(seed.datasetPath()), List.of())).containsExactly(strong);
    }
}
