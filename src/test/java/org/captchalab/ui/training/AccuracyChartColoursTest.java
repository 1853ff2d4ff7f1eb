package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Path;
import javafx.stage.Stage;
import org.captchalab.ui.backend.TrainingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The accuracy chart of a 4-character dataset (10 series) with the window's style sheet: one colour per measure
 * (sequence, each position), none repeated, train and validation of a measure in the same colour, validation
 * dashed. The legend the window shows under the chart is checked by {@code TrainingChartsLayoutTest}; a 12-position
 * run's, beyond the 10 positions the style sheet once coloured by series number, here: its lines, dots and legend agree.
 */
@ExtendWith(ApplicationExtension.class)
class AccuracyChartColoursTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void everyMeasureHasItsOwnColourAndValidationIsDashed(FxRobot robot) {
        AtomicReference<LineChart<Number, Number>> ref = new AtomicReference<>();
        robot.interact(() -> {
            TrainingCharts charts = new TrainingCharts();
            for (int e = 1; e <= 2; e++) {
                double a = 0.2 * e;
                charts.addEpoch(new TrainingEvents.Epoch(e, 10L * e, 1, 1, new double[] {a, a, a, a},
                        new double[] {a, a, a, a}, a, a));
            }
            LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
            chart.setId("accuracyChart");
            chart.setAnimated(false);
            chart.setData(charts.accuracySeries());
            Scene scene = new Scene(new StackPane(chart), 900, 500);
            scene.getStylesheets().add(getClass().getResource("/org/captchalab/ui/workbench.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            ref.set(chart);
        });
        robot.interact(() -> {
            LineChart<Number, Number> chart = ref.get();
            chart.applyCss();
            chart.layout();
        });
        LineChart<Number, Number> chart = ref.get();
        List<XYChart.Series<Number, Number>> series = chart.getData();
        assertThat(series).hasSize(10);
        Set<Paint> measureColours = new HashSet<>();
        for (int k = 0; k < 5; k++) {
            Path train = (Path) series.get(2 * k).getNode();
            Path val = (Path) series.get(2 * k + 1).getNode();
            assertThat(series.get(2 * k).getName()).startsWith("train");
            assertThat(series.get(2 * k + 1).getName()).startsWith("val")
                    .endsWith(series.get(2 * k).getName().substring("train".length()));
            assertThat(val.getStroke()).as(series.get(2 * k + 1).getName()).isEqualTo(train.getStroke());
            assertThat(train.getStrokeDashArray()).as(series.get(2 * k).getName()).isEmpty();
            assertThat(val.getStrokeDashArray()).as(series.get(2 * k + 1).getName()).isNotEmpty();
            measureColours.add(train.getStroke());
        }
        assertThat(measureColours).as("one colour per measure").hasSize(5);
    }

    @Test
    void aTwelvePositionRunsLinesAgreeWithItsLegend(FxRobot robot) {
        int positions = 12;
        AtomicReference<LineChart<Number, Number>> ref = new AtomicReference<>();
        AtomicReference<AccuracyLegend> legendRef = new AtomicReference<>();
        robot.interact(() -> {
            TrainingCharts charts = new TrainingCharts();
            for (int e = 1; e <= 2; e++) {
                double[] a = new double[positions];
                java.util.Arrays.fill(a, 0.2 * e);
                charts.addEpoch(new TrainingEvents.Epoch(e, 10L * e, 1, 1, a, a, 0.2 * e, 0.2 * e));
            }
            LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
            chart.setId("accuracyChart");
            chart.setAnimated(false);
            chart.setData(charts.accuracySeries());
            AccuracyLegend legend = new AccuracyLegend();
            Scene scene = new Scene(new javafx.scene.layout.VBox(chart, legend), 900, 500);
            scene.getStylesheets().add(getClass().getResource("/org/captchalab/ui/workbench.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            legend.show(chart.getData());
            ref.set(chart);
            legendRef.set(legend);
        });
        robot.interact(() -> {
            ref.get().applyCss();
            ref.get().layout();
            legendRef.get().applyCss();
        });
        List<XYChart.Series<Number, Number>> series = ref.get().getData();
        assertThat(series).hasSize(2 * (positions + 1));
        List<javafx.scene.Node> entries = legendRef.get().getChildren();
        Set<Paint> measureColours = new HashSet<>();
        for (int k = 0; k <= positions; k++) {
            String name = series.get(2 * k).getName();
            Path train = (Path) series.get(2 * k).getNode();
            Path val = (Path) series.get(2 * k + 1).getNode();
            assertThat(val.getStroke()).as("%s: validation in the train line's colour", name).isEqualTo(train.getStroke());
            assertThat(train.getStrokeDashArray()).as("%s solid", name).isEmpty();
            assertThat(val.getStrokeDashArray()).as("%s validation dashed", name).isNotEmpty();
            var trainDot = ((javafx.scene.layout.Region) series.get(2 * k).getData().get(0).getNode()).getBackground().getFills();
            var valDot = ((javafx.scene.layout.Region) series.get(2 * k + 1).getData().get(0).getNode()).getBackground().getFills();
            assertThat(trainDot.get(0).getFill()).as("%s dot", name).isEqualTo(train.getStroke());
            assertThat(trainDot.get(1).getFill()).as("%s dot filled", name).isEqualTo(train.getStroke());
            assertThat(valDot.get(0).getFill()).as("%s validation dot", name).isEqualTo(train.getStroke());
            assertThat(valDot.get(1).getFill()).as("%s validation dot hollow", name).isEqualTo(javafx.scene.paint.Color.WHITE);
            javafx.scene.control.Label entry = (javafx.scene.control.Label) entries.get(k);
            assertThat(entry.getText()).isEqualTo(k == 0 ? "sequence" : "#" + k);
            javafx.scene.shape.Line swatch = (javafx.scene.shape.Line) ((javafx.scene.Group) entry.getGraphic()).getChildren().get(0);
            assertThat(swatch.getStroke()).as("%s: the legend's colour", name).isEqualTo(train.getStroke());
            measureColours.add(train.getStroke());
        }
        assertThat(measureColours).as("one colour per measure").hasSize(positions + 1);
    }
}
