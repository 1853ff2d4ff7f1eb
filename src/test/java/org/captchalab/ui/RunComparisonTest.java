package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Split;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.HeldBackground;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.shared.Background;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A comparison of two runs is applied to the dataset it was computed on, never to one opened while it ran,
 * and only the latest comparison is applied (no robot: the ViewModels on held background jobs).
 */
class RunComparisonTest {

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private final FakeWorkspace first = new FakeWorkspace(12);
    private final FakeWorkspace second = new FakeWorkspace(7);
    /** Run "a" reads every labelled image of the first dataset right (in the order compared); the others read "abcd". */
    private final FakeModelService models = new FakeModelService() {
        @Override
        public org.captchalab.ui.backend.Predictor load(RunSummary run, boolean shiftedViews) {
            if (failLoads) {
                throw new IllegalStateException("cannot read " + run.name());
            }
            if (!run.name().equals("a")) {
                return super.load(run, shiftedViews);
            }
            java.util.Iterator<String> labels = first.rows().stream()
                    .filter(r -> r.labelled() && r.index() != first.unreadableImage)
                    .filter(r -> !(trainedHere && r.split() == Split.TRAIN)).map(r -> r.label()).toList().iterator();
            return new org.captchalab.ui.backend.Predictor() {
                @Override
                public String name() {
                    return "a" + (shiftedViews ? " (9 views)" : "");
                }

                @Override
                public List<org.captchalab.ui.shared.SamplePrediction> predict(List<java.awt.image.BufferedImage> images) {
                    return images.stream().map(i -> FakeWorkspace.prediction(labels.next(), 0.9)).toList();
                }
            };
        }
    };
    private volatile boolean failLoads;
    /** Whether the runs compared were trained on the open folder (so that its train split is left out). */
    private boolean trainedHere;
    private final HeldBackground held = new HeldBackground();
    private final List<String> messages = new ArrayList<>();
    private MainViewModel main;
    private BrowserViewModel browser;
    private RunComparison comparison;
    private RunSummary a;
    private RunSummary b;

    /** A run trained on another folder than those the tests open. */
    private static RunSummary run(String name) {
        return run(name, "/some/other/dataset");
    }

    private static RunSummary run(String name, String datasetPath) {
        return new RunSummary(name, Path.of("fake-models", name), "strong", 10, 0.5, 1.0, 0.5, 1_000, LOWER, 4,
                datasetPath);
    }

    @BeforeEach
    void setUp() {
        RecentDatasets recent = MemoryPreferences.recent();
        main = new MainViewModel(f -> f.toString().equals("first") ? first : second, models, held, Background.DIRECT,
                recent);
        main.setOnMessage(messages::add);
        browser = new BrowserViewModel(Background.DIRECT);
        main.datasetProperty().addListener((o, was, now) -> browser.setDataset(now));
        comparison = new RunComparison(main, browser, held, messages::add);
        a = run("a");
        b = run("b");
        main.open(Path.of("first"));
        held.drain();
        assertThat(browser.dataset().workspace()).isSameAs(first);
    }

    @Test
    void aComparisonFinishedOnTheOpenDatasetFiltersItsGridAndTagsEachImageWithTheRunThatReadItRight() {
        comparison.compare(a, b);
        held.run("compare runs");
        SampleFilter f = browser.filterProperty().get();
        assertThat(f.kind()).isEqualTo(SampleFilter.Kind.CHOSEN);
        assertThat(main.statusProperty().get()).isEqualTo("a alone reads 11 labelled images right, b alone 0");
        // the 11 labelled images of 12 (9 is unlabelled); b reads none of them right
        assertThat(browser.visibleProperty().get()).hasSize(11).doesNotContain(9);
        assertThat(f.tag(0)).isEqualTo("only A right");
        assertThat(f.tag(9)).isNull();
        // the tile shows what b read there, marked as b's, not the loaded model's reading
        assertThat(f.tagOf(0).readingBy()).isEqualTo("B");
        assertThat(f.tagOf(0).reading().text()).isEqualTo("abcd").isNotEqualTo(browser.dataset().row(0).prediction().text());
        // the Label tab has both runs' readings, named
        assertThat(f.tagOf(0).runs().runA()).isEqualTo("a");
        assertThat(f.tagOf(0).runs().readingA().text()).isEqualTo(browser.dataset().row(0).label());
        assertThat(f.tagOf(0).runs().runB()).isEqualTo("b");
        assertThat(f.tagOf(0).runs().readingB()).isSameAs(f.tagOf(0).reading());
        assertThat(f.title()).isEqualTo("Right in one run only\nA a: 11\nB b: 0");
        assertThat(browser.choices().get(browser.choices().size() - 1).toString())
                .isEqualTo("Right in one run only (11)\nA a: 11\nB b: 0");
    }

    @Test
    void withNineViewsOnBothRunsAreReadInNineViewsAndNamedSo() {
        main.shiftedViewsProperty().set(true);
        held.drain();
        comparison.compare(a, b);
        assertThat(main.statusProperty().get()).startsWith("Comparing a with b in 9 shifted views each on the labelled images");
        held.run("compare runs");
        assertThat(main.statusProperty().get()).isEqualTo("a (9 views) alone reads 11 labelled images right, b (9 views) alone 0");
        SampleFilter f = browser.filterProperty().get();
        assertThat(f.title()).isEqualTo("Right in one run only\nA a (9 views): 11\nB b (9 views): 0");
        assertThat(f.tagOf(0).runs().runA()).isEqualTo("a (9 views)");
        assertThat(f.tagOf(0).runs().runB()).isEqualTo("b (9 views)");
    }

    /** A run trained on the open folder has learnt its train split: the two are compared on the other images only. */
    @Test
    void runsTrainedOnTheOpenFolderAreComparedOnItsHeldOutImagesOnly() {
        trainedHere = true;
        RunSummary here = run("a", first.folder().toAbsolutePath().toString());
        comparison.compare(here, b);
        held.run("compare runs");
        // of the 12 images, 8 is val and 9 test, but unlabelled; the others are train
        // held out from a only: b was trained elsewhere, and that folder may hold these images
        assertThat(main.statusProperty().get()).isEqualTo("a alone reads 1 held-out labelled image right, b alone 0"
                + " (val and test only: a was trained on this folder's train split; b was trained on /some/other/dataset,"
                + " and any of these images it trained on are counted too)");
        assertThat(browser.visibleProperty().get()).containsExactly(8);
        assertThat(browser.filterProperty().get().title()).isEqualTo("Right in one run only (val and test)\nA a: 1\nB b: 0");
    }

    /** Only when both runs were trained on the open folder are the images compared held out from both. */
    @Test
    void runsBothTrainedOnTheOpenFolderAreComparedOnImagesHeldOutFromBoth() {
        trainedHere = true;
        String folder = first.folder().toAbsolutePath().toString();
        comparison.compare(run("a", folder), run("b", folder));
        held.run("compare runs");
        assertThat(main.statusProperty().get()).isEqualTo("a alone reads 1 held-out labelled image right, b alone 0"
                + " (val and test only: a and b were trained on this folder's train split)");
        assertThat(browser.filterProperty().get().title()).isEqualTo("Right in one run only (held out)\nA a: 1\nB b: 0");
    }

    /** A run whose run.json names no folder may have learnt any of the images: the status line says so. */
    @Test
    void aRunThatNamesNoTrainingFolderMayHaveLearntTheImagesCompared() {
        trainedHere = true;
        comparison.compare(run("a", first.folder().toAbsolutePath().toString()), run("b", null));
        held.run("compare runs");
        assertThat(main.statusProperty().get()).endsWith("; b's run.json does not name the folder it was trained on,"
                + " so its training images may be among these)");
    }

    /**
     * Loading another model (here two runs as one) ends the comparison's filter: the grid's and the Label tab's
     * readings are that model's, and the comparison's captions would be read as about it.
     */
    @Test
    void loadingAnotherModelEndsTheComparison() {
        comparison.compare(a, b);
        held.run("compare runs");
        assertThat(browser.filterProperty().get().kind()).isEqualTo(SampleFilter.Kind.CHOSEN);

        main.loadRuns(List.of(run("c"), run("d")));
        held.run("load model");

        assertThat(main.predictorProperty().get().name()).contains("c");
        assertThat(browser.filterProperty().get()).isEqualTo(SampleFilter.of(SampleFilter.Kind.ALL));
        assertThat(browser.visibleProperty().get()).hasSize(12);
    }

    /** A filter the user chose after the comparison is left alone when a model loads. */
    @Test
    void loadingAModelLeavesAFilterChosenAfterTheComparison() {
        comparison.compare(a, b);
        held.run("compare runs");
        browser.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));

        main.loadRuns(List.of(run("c")));
        held.run("load model");

        assertThat(browser.filterProperty().get()).isEqualTo(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
    }

    @Test
    void anImageThatCannotBeReadIsLeftOutAndCounted() {
        first.unreadableImage = 3;
        comparison.compare(a, b);
        held.run("compare runs");
        assertThat(main.statusProperty().get()).isEqualTo("a alone reads 10 labelled images right, b alone 0;"
                + " 1 labelled image could not be read and was left out");
        assertThat(browser.visibleProperty().get()).hasSize(10).doesNotContain(3, 9);
        assertThat(messages).isEmpty();
    }

    @Test
    void aComparisonThatFailsSaysWhyInOneLine() {
        failLoads = true;
        comparison.compare(a, b);
        held.run("compare runs");
        assertThat(messages).containsExactly("Could not compare the runs: cannot read a");
    }

    @Test
    void aComparisonThatEndsAfterAnotherDatasetOpenedIsDropped() {
        comparison.compare(a, b);
        main.open(Path.of("second"));
        held.run("open dataset");
        assertThat(browser.dataset().workspace()).isSameAs(second);
        String status = main.statusProperty().get();

        held.run("compare runs");

        assertThat(browser.filterProperty().get()).isEqualTo(SampleFilter.of(SampleFilter.Kind.ALL));
        assertThat(browser.visibleProperty().get()).hasSize(7);
        assertThat(main.statusProperty().get()).as("the new dataset's status line stays").isEqualTo(status);
        assertThat(messages).isEmpty();
    }

    @Test
    void aComparisonThatFailsAfterAnotherDatasetOpenedSaysNothing() {
        comparison.compare(a, b);
        main.open(Path.of("second"));
        held.run("open dataset");
        failLoads = true;

        held.run("compare runs");

        assertThat(messages).isEmpty();
        assertThat(browser.filterProperty().get().kind()).isEqualTo(SampleFilter.Kind.ALL);
    }

    @Test
    void onlyTheLatestComparisonIsApplied() {
        comparison.compare(a, b);
        comparison.compare(b, a);
        held.runLast("compare runs");
        assertThat(browser.filterProperty().get().title()).startsWith("Right in one run only\nA b: ");
        String latest = browser.filterProperty().get().title();
        held.run("compare runs");
        assertThat(browser.filterProperty().get().title()).isEqualTo(latest);
        assertThat(main.statusProperty().get()).startsWith("b alone reads");
    }

    /** Run B alone right: the tile shows what A read, and the Label tab still has A's reading as A's and B's as B's. */
    @Test
    void anImageOnlyRunBReadsRightKeepsEachRunsReadingUnderItsName() {
        comparison.compare(b, a);
        held.run("compare runs");
        SampleFilter.Tag tag = browser.filterProperty().get().tagOf(0);
        assertThat(tag.text()).isEqualTo("only B right");
        assertThat(tag.readingBy()).isEqualTo("A");
        assertThat(tag.runs().runA()).isEqualTo("b");
        assertThat(tag.runs().readingA().text()).isEqualTo("abcd");
        assertThat(tag.reading()).isSameAs(tag.runs().readingA());
        assertThat(tag.runs().runB()).isEqualTo("a");
        assertThat(tag.runs().readingB().text()).isEqualTo(browser.dataset().row(0).label());
    }
}
