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
}
