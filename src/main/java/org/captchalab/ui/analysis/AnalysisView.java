package org.captchalab.ui.analysis;

import java.util.Arrays;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.Fxml;

/** Error analysis: position and split choosers, the confusion {@link HeatMap}, and per-position accuracy bars. */
public final class AnalysisView extends ScrollPane {


    @FXML private ComboBox<Integer> position;
    @FXML private ComboBox<Split> split;
    @FXML private Label summary;
    @FXML private StackPane heatMapHolder;
    @FXML private BarChart<String, Number> accuracyBars;

    private final AnalysisViewModel vm;
    private final HeatMap heatMap;

    public AnalysisView(AnalysisViewModel vm) {
        this.vm = vm;
        Fxml.load(this);
        heatMap = new HeatMap(vm::showCell);
        heatMap.setId("heatMap");
        heatMap.setOnMouseMoved(e -> {
            int[] cell = heatMap.cellAt(e.getX(), e.getY());
            Confusion c = heatMap.shown();
            if (cell != null && c != null) {
                summary.setText("'" + c.chars().charAt(cell[0]) + "' read as '" + c.chars().charAt(cell[1]) + "': "
                        + c.counts()[cell[0]][cell[1]] + " images (click to show them)");
            }
        });
        heatMapHolder.getChildren().add(heatMap);
        position.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer p) {
                return p == null ? "" : "#" + (p + 1);
            }

            @Override
            public Integer fromString(String s) {
                return Integer.parseInt(s.substring(1)) - 1;
            }
        });
        position.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.positionProperty().set(b);
            }
        });
        split.getItems().setAll(Arrays.asList(null, Split.TRAIN, Split.VAL, Split.TEST));
        split.setConverter(new StringConverter<>() {
            @Override
            public String toString(Split s) {
                return s == null ? "all" : s.id();
            }

            @Override
            public Split fromString(String s) {
                return "all".equals(s) ? null : Split.parse(s);
            }
        });
        split.valueProperty().bindBidirectional(vm.splitProperty());
        vm.confusionProperty().addListener((o, a, c) -> show(c));
    }

    private void show(Confusion c) {
        accuracyBars.getData().clear();
        heatMap.show(c);
        if (c == null) {
            summary.setText("No predictions yet.");
            return;
        }
        if (position.getItems().size() != c.positionAccuracy().length) {
            position.getItems().clear();
            for (int p = 0; p < c.positionAccuracy().length; p++) {
                position.getItems().add(p);
            }
        }
        position.setValue(c.position());
        summary.setText(c.images() + " labelled images with a prediction");
        XYChart.Series<String, Number> bars = new XYChart.Series<>();
        for (int p = 0; p < c.positionAccuracy().length; p++) {
            bars.getData().add(new XYChart.Data<>("#" + (p + 1), c.positionAccuracy()[p]));
        }
        accuracyBars.getData().add(bars);
    }

    /** The heat map, for tests that click a cell. */
    public javafx.scene.canvas.Canvas heatMap() {
        return heatMap;
    }

    /** Centre of the cell (true, predicted) in heat-map coordinates, or null; for tests. */
    public double[] cellCentre(char trueChar, char predicted) {
        Confusion c = heatMap.shown();
        return c == null ? null : heatMap.centreOf(c.chars().indexOf(trueChar), c.chars().indexOf(predicted));
    }
}
