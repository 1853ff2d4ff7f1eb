package org.captchalab.ui.training;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Shape;

/**
 * The accuracy chart's legend, under the chart: one entry per measure ("sequence", then "#1", "#2", ... as the
 * position cards and the Errors tab number positions) and one key saying that train is drawn solid and validation
 * dashed, where the chart's own legend listed all twenty-odd series beside the plot and took about 40% of its
 * width. Each entry's tooltip says what it measures. A measure's swatch takes its colour from the chart's line
 * of it, so the style sheet stays the one place that colours them. A flow: it wraps in a narrow panel.
 */
final class AccuracyLegend extends FlowPane {

    private static final Paint KEY = Color.web("#607d8b");

    AccuracyLegend() {
        super(12, 4);
        setId("accuracyLegend");
        getStyleClass().add("accuracy-legend");
        setAlignment(Pos.CENTER);
        show(List.of());
    }

    /**
     * Shows the entries of {@code series} as {@link TrainingCharts} orders them: train and validation of each measure
     * in turn, the sequence first; series already in the chart (they have their line).
     */
    void show(List<XYChart.Series<Number, Number>> series) {
        int measures = series.size() / 2;
        getChildren().clear();
        setVisible(measures > 0);
        setManaged(measures > 0);
        if (measures == 0) {
            return;
        }
        for (int k = 0; k < measures; k++) {
            Line line = new Line(0, 0, 18, 0);
            Circle dot = new Circle(9, 0, 3.5);
            if (series.get(2 * k).getNode() instanceof Shape drawn) {
                line.strokeProperty().bind(drawn.strokeProperty());
                dot.fillProperty().bind(drawn.strokeProperty());
            }
            line.setStrokeWidth(2);
            Label entry = new Label(k == 0 ? "sequence" : "#" + k, new Group(line, dot));
            entry.setTooltip(new Tooltip(k == 0
                    ? "Full-sequence accuracy: the share of images read right at every position"
                    : "Position " + k + ": the share of images whose character " + k + " is read right"));
            entry.getStyleClass().add("accuracy-legend-measure");
            getChildren().add(entry);
        }
        getChildren().addAll(key("train", false), key("validation", true));
    }

    /** How train and validation are drawn, in a neutral colour: solid with a filled dot, or dashed with a hollow one. */
    private static Node key(String name, boolean dashed) {
        Line line = new Line(0, 0, 18, 0);
        line.setStroke(KEY);
        line.setStrokeWidth(2);
        Circle dot = new Circle(9, 0, 3.5, dashed ? Color.WHITE : KEY);
        dot.setStroke(KEY);
        if (dashed) {
            line.getStrokeDashArray().setAll(TrainingCharts.VALIDATION_DASH[0], TrainingCharts.VALIDATION_DASH[1]);
        }
        Label entry = new Label(name, new Group(line, dot));
        entry.setTooltip(new Tooltip(dashed ? "Dashed, hollow dots: measured on the validation images after each epoch"
                : "Solid, filled dots: measured after each epoch on the training images (a fixed subset of at most 2,000)"));
        entry.getStyleClass().add("accuracy-legend-key");
        return entry;
    }
}
