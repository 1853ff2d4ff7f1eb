package org.captchalab.ui.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.captchalab.ui.Backends;
import org.captchalab.ui.HeadlessScreen;
import org.captchalab.ui.MainView;
import org.captchalab.ui.WorkbenchApp;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Label tab of the real window during a run comparison started from the Training tab's run list: it shows, for
 * the image being labelled, what each of the two runs read, under its name; with another filter it shows neither.
 */
@ExtendWith(ApplicationExtension.class)
class LabelingComparisonTest {

    @TempDir
    static Path temp;
    private static MainView view;
    private static Stage window;
    private static final FakeWorkspace WS = new FakeWorkspace(40);

    /**
     * Reads each image by finding which of the workspace's images it is: run "first" reads every label right. Both
     * read by attention, so that the Label tab shows its strips too, as it does for the shipped attention runs.
     */
    private static final FakeModelService MODELS = new FakeModelService() {
        @Override
        public Predictor load(RunSummary run, boolean shiftedViews) {
            Predictor reading = run.name().equals("first") ? null : super.load(run, shiftedViews); // "abcd" everywhere
            return new Predictor() {
                @Override
                public String name() {
                    return run.name();
                }

                @Override
                public List<SamplePrediction> predict(List<BufferedImage> images) throws Exception {
                    return reading != null ? reading.predict(images)
                            : images.stream().map(i -> FakeWorkspace.prediction(labelOf(i), 0.9)).toList();
                }

                @Override
                public List<float[]> attention(BufferedImage image) {
                    float[] even = new float[20];
                    Arrays.fill(even, 1 / 20f);
                    return List.of(even, even, even, even);
                }
            };
        }
    };

    private static String labelOf(BufferedImage image) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (SampleRow r : WS.rows()) {
            int[] other = ((DataBufferInt) WS.image(r.index()).getRaster().getDataBuffer()).getData();
            if (Arrays.equals(pixels, other)) {
                return r.labelled() ? r.label() : "abcd";
            }
        }
        return "abcd";
    }

    private static RunSummary run(String name) {
        return new RunSummary(name, Path.of("fake-models", name), "strong", 10, 0.5, 1.0, 0.5, 1_000,
                "abcdefghijklmnopqrstuvwxyz", 4, "/some/other/dataset");
    }

    @Start
    void start(Stage stage) {
        if (MODELS.runs.isEmpty()) { // once for all the tests of this class
            MODELS.runs.add(run("first"));
            MODELS.runs.add(run("second"));
        }
        window = stage;
        HeadlessScreen.placeAt1500By940(stage); // from the start, whatever an earlier test left the shared stage at
        view = WorkbenchApp.open(stage, new Backends(folder -> WS, MODELS), temp, url -> { }, MemoryPreferences.recent());
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition).get(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        TextFlow line = robot.lookup(id).queryAs(TextFlow.class);
        return line.getChildren().stream().map(n -> ((Text) n).getText()).collect(Collectors.joining());
    }

    /** How each character of a compared run's reading is coloured: "agree", "disagree" or "unknown" (no label there). */
    private static List<String> judged(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TextFlow.class).getChildren().stream()
                .filter(n -> n.getStyleClass().contains("compared-char"))
                .map(n -> n.getStyleClass().stream().filter(c -> !c.equals("compared-char")).findFirst().orElse(""))
                .toList();
    }

    /** Per position card, left to right: its title and whether it is marked as differing from the label. */
    private static List<String> cards(FxRobot robot) {
        return robot.lookup("#positionBars").queryAs(FlowPane.class).getChildren().stream()
                .map(n -> ((Label) ((VBox) n).getChildren().get(0)).getText()
                        + (n.getStyleClass().contains("mismatch") ? " mismatch" : ""))
                .toList();
    }

    /**
     * Compares the two runs from the Training tab's list and shows the Label tab on the comparison's first image;
     * returns the runs as A and B.
     */
    private static RunSummary[] compareTheRuns(FxRobot robot) throws Exception {
        waitFor(() -> view.browser().visibleProperty().get().length == 40);
        // the window's own size and place, whatever an earlier test of this JVM left the shared stage at
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#comparedRuns").query().isVisible()).as("no comparison yet").isFalse();

        robot.clickOn("Training");
        ListView<?> runs = robot.lookup("#runs").queryAs(ListView.class);
        waitFor(() -> runs.getItems().size() == 2);
        robot.interact(() -> runs.getSelectionModel().selectIndices(0, 1));
        RunSummary a = (RunSummary) runs.getSelectionModel().getSelectedItems().get(0);
        RunSummary b = (RunSummary) runs.getSelectionModel().getSelectedItems().get(1);
        robot.clickOn("#compareRuns");
        waitFor(() -> view.browser().filterProperty().get().kind() == SampleFilter.Kind.CHOSEN);
        robot.clickOn("Label");
        waitFor(() -> view.browser().selectedRowProperty().get() != null);
        return new RunSummary[] {a, b};
    }

    /**
     * A correction being typed is what the position cards and both runs' lines judge, position by position as far as
     * it is typed; the stored label again once the text is put back or another image shown; nothing is saved until
     * Enter, and Enter saves what was typed.
     */
    @Test
    void theCardsAndBothRunsReadingsJudgeTheLabelBeingTyped(FxRobot robot) throws Exception {
        RunSummary[] ab = compareTheRuns(robot);
        String right = ab[0].name().equals("first") ? "#comparedA" : "#comparedB"; // reads every label right
        String abcd = right.equals("#comparedA") ? "#comparedB" : "#comparedA"; // reads "abcd" everywhere
        SampleRow row = view.browser().selectedRowProperty().get();
        String label = row.label();
        String bars = row.prediction().text(); // the loaded model's reading, either run's
        waitFor(() -> cards(robot).size() == 4);
        assertThat(judged(robot, right)).containsExactly("agree", "agree", "agree", "agree");
        assertThat(text(robot, right)).endsWith("  right");
        // a first character the stored label, the bars and run "second" all disagree with
        char typed = 'a';
        while (typed == label.charAt(0) || typed == bars.charAt(0) || typed == 'a') {
            typed++;
        }

        TextField field = robot.lookup("#labelField").queryAs(TextField.class);
        robot.interact(() -> field.getScene().getWindow().requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.L); // into the field, its text selected: typing replaces it
        robot.write(String.valueOf(typed));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.getText()).isEqualTo(String.valueOf(typed));
        // one character typed: the first position is judged by it, the others by nothing yet (not by the old label)
        assertThat(cards(robot)).containsExactly("#1  label " + typed + " mismatch", "#2", "#3", "#4");
        assertThat(judged(robot, right)).containsExactly("disagree", "unknown", "unknown", "unknown");
        assertThat(judged(robot, abcd)).containsExactly("disagree", "unknown", "unknown", "unknown");
        assertThat(text(robot, right)).as("no verdict on half a label").doesNotContain("right").doesNotContain("wrong");

        String correction = typed + label.substring(1);
        robot.write(label.substring(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(judged(robot, right)).containsExactly("disagree", "agree", "agree", "agree");
        assertThat(text(robot, right)).endsWith("  wrong at #1");
        assertThat(text(robot, abcd)).endsWith("  " + org.captchalab.ui.shared.ComparedReadings.verdict(
                FakeWorkspace.prediction("abcd", 0.9), correction));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add("#" + (i + 1) + "  label " + correction.charAt(i)
                    + (correction.charAt(i) != bars.charAt(i) ? " mismatch" : ""));
        }
        assertThat(cards(robot)).containsExactlyElementsOf(expected);
        assertThat(view.browser().dataset().row(row.index()).label()).as("typing saves nothing").isEqualTo(label);

        // the label typed back: judged by the stored label again
        robot.push(KeyCode.CONTROL, KeyCode.L);
        robot.write(label);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(judged(robot, right)).containsExactly("agree", "agree", "agree", "agree");
        assertThat(text(robot, right)).endsWith("  right");

        // half a correction, then Tab: the next image, judged by its own stored label
        robot.push(KeyCode.CONTROL, KeyCode.L);
        robot.write(String.valueOf(typed));
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        SampleRow next = view.browser().selectedRowProperty().get();
        assertThat(next.index()).isNotEqualTo(row.index());
        assertThat(view.browser().dataset().row(row.index()).label()).isEqualTo(label);
        assertThat(judged(robot, right)).containsExactly("agree", "agree", "agree", "agree");
        assertThat(cards(robot).get(0)).startsWith("#1  label " + next.label().charAt(0));

        // Enter saves what was typed, as before
        String fix = typed + next.label().substring(1);
        robot.push(KeyCode.CONTROL, KeyCode.L);
        robot.write(fix).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fix.equals(view.browser().dataset().row(next.index()).label()));
    }

    @Test
    void theLabelTabShowsBothRunsReadingsWhileTheComparisonFiltersTheGrid(FxRobot robot) throws Exception {
        RunSummary[] ab = compareTheRuns(robot);
        RunSummary a = ab[0];
        RunSummary b = ab[1];

        SampleRow row = view.browser().selectedRowProperty().get();
        String label = row.label();
        // 0.9 at each of four positions: 66% for the whole reading
        String firstLine = "first  read  " + label + "  66%  right";
        String secondLine = "second  read  abcd  66%  " + org.captchalab.ui.shared.ComparedReadings.verdict(
                FakeWorkspace.prediction("abcd", 0.9), label);
        assertThat(secondLine).contains("wrong at");
        assertThat(text(robot, "#comparedA")).isEqualTo("A  " + (a.name().equals("first") ? firstLine : secondLine));
        assertThat(text(robot, "#comparedB")).isEqualTo("B  " + (b.name().equals("first") ? firstLine : secondLine));
        String loaded = robot.lookup("#modelName").queryLabeled().getText().strip();
        assertThat(loaded).isIn("first", "second");
        assertThat(robot.lookup("#comparedBarsNote").queryLabeled().getText())
                .isEqualTo("The bars below are the loaded model's reading (" + loaded + ", run "
                        + (loaded.equals(a.name()) ? "A" : "B") + ").");
        // shown, and inside the window at its size, above the position cards
        Node box = robot.lookup("#comparedRuns").query();
        assertThat(box.isVisible()).isTrue();
        Bounds inScene = box.localToScene(box.getBoundsInLocal());
        assertThat(inScene.getMaxY()).isLessThan(view.getScene().getHeight());
        assertThat(inScene.getMaxY()).isLessThanOrEqualTo(
                robot.lookup("#positionBars").query().localToScene(0, 0).getY());

        // the next image of the comparison: its own readings
        robot.interact(() -> view.browser().next());
        WaitForAsyncUtils.waitForFxEvents();
        String next = view.browser().selectedRowProperty().get().label();
        assertThat(next).isNotEqualTo(label);
        assertThat(text(robot, a.name().equals("first") ? "#comparedA" : "#comparedB")).contains("read  " + next + "  ");

        // on a 1024x700 screen the comparison's lines and the attention strips above the cards left the buttons below
        // the scroll pane's view: the image gives way, so that everything is in the view unscrolled
        robot.interact(() -> {
            window.setX(0);
            window.setY(0);
            window.setWidth(1024);
            window.setHeight(700);
        });
        waitFor(() -> robot.lookup("#attentionStrips").query().isVisible());
        ScrollPane scroll = robot.lookup(".label-scroll").queryAs(ScrollPane.class);
        assertThat(scroll.getVvalue()).isZero();
        Bounds shown = HeadlessScreen.inScene(scroll.lookup(".viewport"));
        assertThat(shown.getMaxY()).isLessThanOrEqualTo(view.getScene().getHeight());
        List<Node> controls = new ArrayList<>(List.of(robot.lookup("#comparedRuns").query(),
                robot.lookup("#attentionStrips").query(), robot.lookup("#labelField").query(),
                robot.lookup("#previousButton").query(), robot.lookup("#saveButton").query(),
                robot.lookup("#acceptButton").query(), robot.lookup("#nextButton").query()));
        controls.addAll(robot.lookup("#positionBars .position").queryAll());
        for (Node n : controls) {
            Bounds at = HeadlessScreen.inScene(n);
            assertThat(at.getMinY()).as("%s top", n).isGreaterThanOrEqualTo(shown.getMinY());
            assertThat(at.getMaxY()).as("%s bottom", n).isLessThanOrEqualTo(shown.getMaxY());
            assertThat(at.getMaxX()).as("%s right", n).isLessThanOrEqualTo(shown.getMaxX());
        }
        ImageView large = robot.lookup("#largeImage").queryAs(ImageView.class);
        assertThat(large.getFitWidth()).as("smaller than at 1500x940, not gone").isBetween(120.0, 515.0);
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(large.getFitWidth()).as("blown up 4x again at 1500x940").isEqualTo(516);

        // another filter ends the comparison: nothing extra
        robot.interact(() -> view.browser().filterProperty().set(SampleFilter.of(SampleFilter.Kind.ALL)));
        waitFor(() -> view.browser().visibleProperty().get().length == 40);
        assertThat(robot.lookup("#comparedRuns").query().isVisible()).isFalse();
        assertThat(robot.lookup("#comparedRuns").query().isManaged()).isFalse();
    }
}
