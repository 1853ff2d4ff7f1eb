package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.captchalab.ui.backend.Dl4jModelService;
import org.captchalab.ui.backend.StoreWorkspace;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.fakes.SampleSets;
import org.captchalab.ui.shared.SampleRow;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window on the real backends (dataset loader, SQLite store, SameDiff network) with a robot,
 * headless under Monocle: open a tiny generated dataset, train one epoch and see chart points and the run,
 * filter misclassified, correct a label with the keyboard only, undo it, and click a confusion-matrix cell.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchWindowTest {

    static {
        // As the product's Launcher does: ND4J's natives loaded on this thread before the window starts, so
        // the run warm-up starts with the first window of this JVM, whatever tests ran before.
        org.captchalab.Nd4jTestSupport.init();
        org.captchalab.model.NativeLibraries.load();
    }

    @TempDir
    static Path temp;
    private static MainView view;

    @Start
    void start(Stage stage) throws Exception {
        if (view != null) {
            stage.setScene(view.getScene());
            stage.show();
            return;
        }
        Path data = SampleSets.generate(temp.resolve("tiny"), 160, 7);
        Path models = temp.resolve("models");
        Backends backends = new Backends(f -> StoreWorkspace.open(f, models), new Dl4jModelService());
        RecentDatasets recent = MemoryPreferences.recent();
        view = WorkbenchApp.open(stage, backends, data, url -> { }, recent);
    }

    private static void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks the filter whose text (e.g. "Misclassified (12)") starts with {@code name}. */
    private static void clickFilter(FxRobot robot, String name) {
        robot.clickOn(robot.lookup("#filters .list-cell").match(n -> ((javafx.scene.control.ListCell<?>) n).getText() != null
                && ((javafx.scene.control.ListCell<?>) n).getText().startsWith(name)).<Node>query());
    }

    private static BrowserViewModel browser() {
        return view.browser();
    }

    @Test
    @Order(1)
    void opensTheDatasetAndTrainsOneEpoch(FxRobot robot) throws Exception {
        waitFor(60, () -> browser().visibleProperty().get().length == 160);
        robot.clickOn("Training");
        robot.lookup("#epochs").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(1);
        robot.interact(() -> robot.lookup("#batch").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(32));
        robot.clickOn("#startTraining");
        ListView<?> runs = robot.lookup("#runs").queryAs(ListView.class);
        waitFor(240, () -> runs.getItems().size() == 1);
        LineChart<?, ?> loss = robot.lookup("#lossChart").queryAs(LineChart.class);
        assertThat(loss.getData().get(0).getData()).isNotEmpty();
        LineChart<?, ?> acc = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        assertThat(acc.getData()).isNotEmpty();
        assertThat(acc.getData().get(1).getData()).hasSize(1);
        // The finished run becomes the model and predicts every image in the background.
        waitFor(120, () -> java.util.Arrays.stream(browser().dataset().snapshot()).allMatch(r -> r.prediction() != null));
        // the status bar's responsiveness figure is in words a user reads, with a tooltip saying what it means
        Label redraw = robot.lookup("#pulse").queryAs(Label.class);
        waitFor(5, () -> redraw.getText().matches("slowest redraw in the last minute: \\d+ ms"));
        assertThat(redraw.getTooltip().getText()).contains("went without redrawing in the last minute");

        // a status line longer than the window is cut (its tooltip holds it whole), the model's name is not
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        robot.interact(() -> view.viewModel().showStatus("a long status line ".repeat(40)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.getText()).contains("seed-");
        assertThat(model.getWidth()).as("the model's name is shown whole").isGreaterThanOrEqualTo(model.prefWidth(-1) - 0.5);
        assertThat(redraw.getWidth()).as("so is the redraw figure").isGreaterThanOrEqualTo(redraw.prefWidth(-1) - 0.5);
    }

    @Test
    @Order(2)
    void filtersMisclassifiedAndCorrectsALabelWithTheKeyboardThenUndoes(FxRobot robot) throws Exception {
        robot.clickOn("Label");
        clickFilter(robot, "Misclassified");
        waitFor(10, () -> browser().filterProperty().get().kind() == SampleFilter.Kind.MISCLASSIFIED);
        int[] shown = browser().visibleProperty().get();
        assertThat(shown).isNotEmpty();
        waitFor(10, () -> browser().selectedProperty().get() >= 0);
        robot.interact(() -> browser().select(shown[0]));
        SampleRow before = browser().selectedRowProperty().get();
        String fix = before.label().equals("abcd") ? "abce" : "abcd";

        TextField field = robot.lookup("#labelField").queryAs(TextField.class);
        robot.interact(() -> field.getScene().getWindow().requestFocus());
        robot.clickOn(field);
        // Under Monocle the click does not always move focus into the field; Ctrl+L (Edit > Edit label) does.
        robot.push(KeyCode.CONTROL, KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(javafx.stage.Window.getWindows()).hasSize(1);
        assertThat(field.isFocused()).isTrue();
        robot.push(KeyCode.CONTROL, KeyCode.A).write(fix.toUpperCase());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.getText()).isEqualToIgnoringCase(fix);
        robot.type(KeyCode.ENTER);
        waitFor(10, () -> fix.equals(((StoreWorkspace) browser().dataset().workspace()).store().label(before.path())));
        assertThat(browser().selectedProperty().get()).isNotEqualTo(before.index());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        waitFor(10, () -> before.label().equals(((StoreWorkspace) browser().dataset().workspace()).store().label(before.path())));
        assertThat(browser().selectedProperty().get()).isEqualTo(before.index());
        assertThat(field.getText()).isEqualTo(before.label());
        // selected whole, so that typing a new label replaces it; also when a redo changes the label shown in place
        waitFor(5, () -> before.label().equals(field.getSelectedText()));
        robot.interact(() -> field.positionCaret(field.getLength()));
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        waitFor(10, () -> fix.equals(((StoreWorkspace) browser().dataset().workspace()).store().label(before.path())));
        assertThat(browser().selectedProperty().get()).isEqualTo(before.index());
        waitFor(5, () -> fix.equals(field.getText()) && fix.equals(field.getSelectedText()));
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        waitFor(10, () -> before.label().equals(((StoreWorkspace) browser().dataset().workspace()).store().label(before.path())));
    }

    @Test
    @Order(3)
    void clickingAConfusionCellFiltersTheGrid(FxRobot robot) throws Exception {
        robot.clickOn("Errors");
        org.captchalab.ui.analysis.AnalysisView analysis = robot.lookup(".analysis")
                .queryAs(org.captchalab.ui.analysis.AnalysisView.class);
        // the model is the run just trained on this folder: the tab starts on its held-out test split
        javafx.scene.control.ComboBox<?> split = robot.lookup("#confusionSplit").queryAs(javafx.scene.control.ComboBox.class);
        Label note = robot.lookup("#heldOutNote").queryAs(Label.class);
        assertThat(split.getValue()).isEqualTo(org.captchalab.dataset.Split.TEST);
        assertThat(note.isVisible()).isFalse();
        // all images, with the warning that they include the ones it learnt from
        robot.interact(() -> split.getSelectionModel().select(0));
        assertThat(split.getValue()).isNull();
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getText()).startsWith("These figures count the images this model was trained on too");
        SampleRow[] rows = browser().dataset().snapshot();
        java.util.function.BiFunction<Character, Character, Integer> cellCount = (t, p) -> (int) java.util.Arrays.stream(rows)
                .filter(r -> r.labelled() && r.prediction() != null && r.label().charAt(0) == t
                        && r.prediction().text().charAt(0) == p).count();
        // an image of a cell that holds at least two, so the cell stays when it is relabelled below
        SampleRow any = java.util.Arrays.stream(rows).filter(r -> r.labelled() && r.prediction() != null
                && cellCount.apply(r.label().charAt(0), r.prediction().text().charAt(0)) >= 2).findFirst().orElseThrow();
        char truth = any.label().charAt(0);
        char read = any.prediction().text().charAt(0);
        int count = cellCount.apply(truth, read);
        waitFor(10, () -> analysis.cellCentre(truth, read) != null);
        double[] centre = analysis.cellCentre(truth, read);
        robot.clickOn(analysis.heatMap().localToScreen(centre[0], centre[1]));
        waitFor(10, () -> browser().filterProperty().get().kind() == SampleFilter.Kind.CONFUSION
                && browser().visibleProperty().get().length == count);
        for (int i : browser().visibleProperty().get()) {
            SampleRow r = browser().dataset().row(i);
            assertThat(r.label().charAt(0)).isEqualTo(truth);
            assertThat(r.prediction().text().charAt(0)).isEqualTo(read);
        }
        Label shown = robot.lookup("#shown").queryAs(Label.class);
        assertThat(shown.getText()).isEqualTo(count + " shown");

        // a label changed while the map is shown: the map follows (counted again at most twice a second)
        String alphabet = browser().dataset().rules().alphabet().chars();
        char other = alphabet.charAt(alphabet.charAt(0) == truth ? 1 : 0);
        java.util.concurrent.Callable<String> cellText = () -> {
            double[] c = analysis.cellCentre(truth, read);
            return c == null ? "" : analysis.tooltipAt(c[0], c[1]);
        };
        String cellIs = "true '" + truth + "' read as '" + read + "': ";
        assertThat(cellText.call()).startsWith(cellIs + count + " images");
        robot.interact(() -> browser().dataset().saveLabel(any.index(), other + any.label().substring(1), e -> { }));
        waitFor(10, () -> cellText.call().startsWith(cellIs + (count - 1) + (count == 2 ? " image" : " images")));
        robot.interact(() -> browser().dataset().saveLabel(any.index(), any.label(), e -> { }));
        waitFor(10, () -> cellText.call().startsWith(cellIs + count + " images"));
    }

    @Test
    @Order(4)
    void drawsEachThumbnailIntoItsTilePixelForPixel(FxRobot robot) throws Exception {
        robot.clickOn("Label");
        clickFilter(robot, "All");
        waitFor(10, () -> browser().visibleProperty().get().length == 160);
        int[] shown = browser().visibleProperty().get();
        for (int pos : new int[] {0, 1, 4}) {
            SampleRow row = browser().dataset().row(shown[pos]);
            java.awt.image.BufferedImage file = javax.imageio.ImageIO.read(temp.resolve("tiny").resolve(row.path()).toFile());
            // The decoder fills the tiles on screen within a few frames; until then the tile shows a placeholder.
            waitFor(10, () -> mismatches(pos, file) == 0);
        }
    }


    /**
     * A run of the attention preset, trained in the window, shows under the large image where each of its
     * positions looked; the seed run, loaded again, reads without attention and the strips go away.
     */
    @Test
    @Order(5)
    void anAttentionRunShowsWhereEachPositionLookedASeedRunShowsNothingAndBothLoadAsOne(FxRobot robot) throws Exception {
        robot.clickOn("Training");
        robot.interact(() -> {
            robot.lookup("#preset").queryAs(javafx.scene.control.ComboBox.class).setValue("attention");
            robot.lookup("#epochs").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(1);
            robot.lookup("#batch").queryAs(javafx.scene.control.Spinner.class).getValueFactory().setValue(32);
        });
        robot.clickOn("#startTraining");
        ListView<?> runs = robot.lookup("#runs").queryAs(ListView.class);
        waitFor(240, () -> runs.getItems().size() == 2);
        // the finished run becomes the model
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        waitFor(120, () -> model.getText().trim().startsWith("attention-"));

        robot.clickOn("Label");
        int[] shown = browser().visibleProperty().get();
        robot.interact(() -> browser().select(shown[3]));
        org.captchalab.ui.prediction.AttentionStrips strips =
                robot.lookup("#attentionStrips").queryAs(org.captchalab.ui.prediction.AttentionStrips.class);
        waitFor(30, () -> strips.isVisible() && strips.shown().size() == 4);
        javafx.scene.image.ImageView large = robot.lookup("#largeImage").queryAs(javafx.scene.image.ImageView.class);
        for (float[] columns : strips.shown()) {
            // 129 pixels wide, three poolings: 16 columns, whose shares of the read add up to one
            assertThat(columns).hasSize(16);
            double sum = 0;
            for (float v : columns) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        // lined up under the image: as wide as it, plus a margin for the numbers on each side
        assertThat(strips.getWidth()).isEqualTo(large.getFitWidth() + 2 * 18);
        assertThat(strips.localToScene(strips.getBoundsInLocal()).getCenterX())
                .isCloseTo(large.localToScene(large.getBoundsInLocal()).getCenterX(), org.assertj.core.data.Offset.offset(1.0));

        robot.clickOn("Training");
        int seedRun = 0;
        while (!((org.captchalab.ui.backend.RunSummary) runs.getItems().get(seedRun)).name().startsWith("seed-")) {
            seedRun++;
        }
        int select = seedRun;
        robot.interact(() -> runs.getSelectionModel().select(select));
        robot.clickOn("#loadRun");
        waitFor(60, () -> model.getText().trim().startsWith("seed-"));
        robot.clickOn("Label");
        waitFor(30, () -> !strips.isVisible() && strips.shown().isEmpty());

        // both runs selected: read as one model, named after both, whose predictions cover the dataset
        robot.clickOn("Training");
        javafx.scene.control.Button load = robot.lookup("#loadRun").queryAs(javafx.scene.control.Button.class);
        robot.interact(() -> runs.getSelectionModel().selectIndices(0, 1));
        assertThat(load.getText()).isEqualTo("Load 2 runs as one");
        String first = ((org.captchalab.ui.backend.RunSummary) runs.getItems().get(0)).name();
        String second = ((org.captchalab.ui.backend.RunSummary) runs.getItems().get(1)).name();
        robot.clickOn("#loadRun");
        Label status = robot.lookup("#status").queryAs(Label.class);
        waitFor(60, () -> model.getText().trim().equals(first + " + " + second));
        waitFor(120, () -> status.getText().equals("Predictions by " + first + " + " + second + " are up to date"));
        robot.interact(() -> runs.getSelectionModel().clearAndSelect(select));
        assertThat(load.getText()).isEqualTo("Load selected run");
        robot.clickOn("#loadRun");
        waitFor(60, () -> model.getText().trim().startsWith("seed-") && !model.getText().contains("+"));
    }

    @Test
    @Order(6)
    void theModelMenuSwitchesToNineShiftedViewsAndBack(FxRobot robot) throws Exception {
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        Label status = robot.lookup("#status").queryAs(Label.class);
        String plain = model.getText().trim();
        assertThat(plain).doesNotContain("views");
        robot.clickOn("Model");
        robot.clickOn("Read each image in 9 shifted views (9x slower)");
        waitFor(60, () -> model.getText().trim().equals(plain + " (9 views)"));
        waitFor(120, () -> status.getText().equals("Predictions by " + plain + " (9 views) are up to date"));
        assertThat(java.util.Arrays.stream(browser().dataset().snapshot()).allMatch(r -> r.prediction() != null)).isTrue();

        robot.clickOn("Model");
        robot.clickOn("Read each image in 9 shifted views (9x slower)");
        waitFor(60, () -> model.getText().trim().equals(plain));
        waitFor(120, () -> status.getText().equals("Predictions by " + plain + " are up to date"));
    }

    /**
     * How many pixels of the thumbnail of the {@code pos}-th shown image, as the window shows it now, differ
     * from the image file scaled up by pixel replication (by more than 2 per channel).
     */
    private static int mismatches(int pos, java.awt.image.BufferedImage file) throws Exception {
        java.util.concurrent.CompletableFuture<Integer> result = new java.util.concurrent.CompletableFuture<>();
        javafx.application.Platform.runLater(() -> {
            javafx.geometry.Rectangle2D r = view.browserView().thumbnailInScene(pos);
            if (r == null) {
                result.complete(-1);
                return;
            }
            javafx.scene.image.PixelReader shot = view.getScene().snapshot(null).getPixelReader();
            int w = (int) r.getWidth();
            int h = (int) r.getHeight();
            int bad = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int want = file.getRGB(x * file.getWidth() / w, y * file.getHeight() / h);
                    int got = shot.getArgb((int) r.getMinX() + x, (int) r.getMinY() + y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        if (Math.abs(((want >> shift) & 0xff) - ((got >> shift) & 0xff)) > 2) {
                            bad++;
                            break;
                        }
                    }
                }
            }
            result.complete(bad);
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
