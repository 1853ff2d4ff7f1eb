package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.captchalab.ui.HeadlessScreen.inScene;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;
import javafx.scene.shape.Shape;
import javafx.stage.Stage;
import org.captchalab.ui.HeadlessScreen;
import org.captchalab.ui.MainView;
import org.captchalab.ui.backend.TrainingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Training tab's two charts in the real window at 1500x940, with three epochs of a 4-character run: each plot
 * takes most of its chart's width, the legends lying under the plots (the accuracy chart's listed its ten series
 * beside the plot and took about 40% of the width); the accuracy legend is one row, one entry per measure in its
 * line's colour, and stays inside a 1024-pixel window.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingChartsLayoutTest {

    @TempDir
    static Path temp;
    private static MainView view;
    private static Stage window;

    @Start
    void start(Stage stage) {
        window = stage;
        HeadlessScreen.placeAt1500By940(stage); // from the start, whatever an earlier test left the shared stage at
        view = HeadlessScreen.openOnFakeImages(stage, temp);
    }

    @Test
    void thePlotsTakeMostOfTheirChartsWidthWithTheLegendsUnderThem(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        // the window's own size and place, whatever an earlier test of this JVM left the shared stage at
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        robot.clickOn("Training");
        robot.interact(() -> {
            TrainingCharts charts = view.trainingForBench().charts();
            for (int e = 1; e <= 3; e++) {
                List<TrainingEvents.Iteration> its = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    long it = 20L * (e - 1) + i;
                    its.add(new TrainingEvents.Iteration(it, e, 3.0 / Math.sqrt(it), 500, it / 60.0, 1000));
                }
                charts.addIterations(its);
                double acc = 1 - 1.0 / (e + 1);
                charts.addEpoch(new TrainingEvents.Epoch(e, 20L * e, 2.0 / e, 2.2 / e, new double[] {acc, acc, acc, acc},
                        new double[] {acc, acc, acc, acc}, acc * acc, acc * acc * 0.9));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();

        for (String id : List.of("#lossChart", "#accuracyChart")) {
            LineChart<?, ?> chart = robot.lookup(id).queryAs(LineChart.class);
            Node plot = chart.lookup(".chart-plot-background");
            double share = inScene(plot).getWidth() / inScene(chart).getWidth();
            assertThat(share).as("%s: the plot's share of the chart's width", id).isGreaterThan(0.8);
        }

        LineChart<Number, Number> accuracy = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        assertThat(accuracy.getData()).hasSize(10);
        Node legend = robot.lookup("#accuracyLegend").query();
        Bounds plot = inScene(accuracy.lookup(".chart-plot-background"));
        assertThat(inScene(legend).getMinY()).as("under the plot").isGreaterThanOrEqualTo(plot.getMaxY());
        List<Label> entries = robot.lookup("#accuracyLegend .label").queryAllAs(Label.class).stream().toList();
        assertThat(entries).extracting(Label::getText)
                .containsExactly("sequence", "#1", "#2", "#3", "#4", "train", "validation");
        for (Label entry : entries) {
            assertThat(inScene(entry).getMinY()).as("one row: %s", entry.getText()).isEqualTo(inScene(entries.get(0)).getMinY());
            assertThat(entry.getTooltip().getText()).isNotEmpty();
        }
        for (int k = 0; k < 5; k++) {
            Line swatch = (Line) ((Group) entries.get(k).getGraphic()).getChildren().get(0);
            assertThat(swatch.getStroke()).as(entries.get(k).getText())
                    .isEqualTo(((Shape) accuracy.getData().get(2 * k).getNode()).getStroke());
        }
        Line validation = (Line) ((Group) entries.get(6).getGraphic()).getChildren().get(0);
        assertThat(validation.getStrokeDashArray()).isNotEmpty();

        // a 1024-pixel window: the legend wraps rather than leaving the window
        robot.interact(() -> {
            window.setWidth(1024);
            window.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        for (Label entry : entries) {
            assertThat(inScene(entry).getMaxX()).as(entry.getText()).isLessThanOrEqualTo(view.getScene().getWidth());
        }
    }

    /**
     * The iteration axis of a short run, as a small dataset gives: 4 iterations of a run stopped in its first epoch,
     * then 48 (six epochs of 480 images in batches of 64). Its labels are whole iterations, without decimals,
     * and no two labels overlap (ticks at 0.25 and 2.5 iterations were labelled "10.0", "12.5", "15.0" end to end).
     */
    @Test
    void theIterationAxisOfAShortRunLabelsWholeIterationsThatDoNotOverlap(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        robot.clickOn("Training");
        TrainingCharts charts = view.trainingForBench().charts();
        javafx.scene.chart.NumberAxis axis = robot.lookup("#iterationAxis").queryAs(javafx.scene.chart.NumberAxis.class);
        for (int last : new int[] {4, 48}) {
            robot.interact(() -> {
                charts.clear();
                List<TrainingEvents.Iteration> its = new ArrayList<>();
                for (int i = 1; i <= last; i++) {
                    its.add(new TrainingEvents.Iteration(i, 1 + (i - 1) / 8, 16.0 - i / 4.0, 200, i / 160.0, 1000));
                }
                charts.addIterations(its);
            });
            WaitForAsyncUtils.waitForFxEvents();
            List<javafx.scene.text.Text> labels = new ArrayList<>();
            for (Node n : axis.getChildrenUnmodifiable()) {
                if (n instanceof javafx.scene.text.Text t && t.isVisible() && !t.getText().isEmpty()
                        && !t.getText().equals(axis.getLabel())) {
                    labels.add(t);
                }
            }
            labels.sort(java.util.Comparator.comparingDouble(t -> t.getBoundsInParent().getMinX()));
            assertThat(labels).as("%d iterations", last).hasSizeGreaterThan(2);
            assertThat(labels).extracting(javafx.scene.text.Text::getText).as("%d iterations", last)
                    .allMatch(text -> text.matches("\\d+"));
            for (int k = 1; k < labels.size(); k++) {
                assertThat(labels.get(k).getBoundsInParent().getMinX()).as("%d iterations: '%s' after '%s'", last,
                        labels.get(k).getText(), labels.get(k - 1).getText())
                        .isGreaterThan(labels.get(k - 1).getBoundsInParent().getMaxX());
            }
        }
    }

    /**
     * The loss chart's legend keys each series: the training loss's entry had no key at all (its symbol was made
     * invisible, since the line draws no symbols), and the validation dots were orange beside an orange-red line.
     */
    @Test
    void theLossLegendKeysTheTrainingLineAndTheValidationDotsInColoursApart(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        robot.clickOn("Training");
        robot.interact(() -> {
            TrainingCharts charts = view.trainingForBench().charts();
            charts.clear();
            List<TrainingEvents.Iteration> its = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                its.add(new TrainingEvents.Iteration(i, 1 + (i - 1) / 8, 16.0 - i / 4.0, 200, i / 16.0, 1000));
            }
            charts.addIterations(its);
            for (int e = 1; e <= 2; e++) {
                double[] acc = {0.1, 0.1, 0.1, 0.1};
                charts.addEpoch(new TrainingEvents.Epoch(e, 8L * e, 15.0 - e, 14.0 - e, acc, acc, 0.0, 0.0));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        LineChart<Number, Number> loss = robot.lookup("#lossChart").queryAs(LineChart.class);
        javafx.scene.paint.Color line = (javafx.scene.paint.Color) ((Shape) loss.getData().get(0).getNode()).getStroke();
        javafx.scene.layout.Region valDot = (javafx.scene.layout.Region) loss.getData().get(1).getData().get(0).getNode();
        javafx.scene.paint.Color dot = (javafx.scene.paint.Color) valDot.getBackground().getFills().get(0).getFill();

        java.util.Map<String, javafx.scene.layout.Region> keys = new java.util.HashMap<>();
        for (Node n : loss.lookupAll(".chart-legend-item")) {
            Label entry = (Label) n;
            keys.put(entry.getText(), (javafx.scene.layout.Region) entry.getGraphic());
        }
        assertThat(keys).containsOnlyKeys("train loss (moving average)", "val loss");
        javafx.scene.layout.Region trainKey = keys.get("train loss (moving average)");
        assertThat(trainKey.getWidth()).as("the training loss's key").isGreaterThanOrEqualTo(10);
        assertThat(trainKey.getBackground().getFills().get(0).getFill()).as("in the line's colour").isEqualTo(line);
        assertThat(keys.get("val loss").getBackground().getFills().get(0).getFill()).as("in the dots' colour").isEqualTo(dot);
        double apart = Math.abs(line.getHue() - dot.getHue());
        assertThat(Math.min(apart, 360 - apart)).as("hues of the line and the dots").isGreaterThan(90);
    }
}
