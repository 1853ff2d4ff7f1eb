package org.captchalab.ui.analysis;

import java.util.Arrays;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.util.StringConverter;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.Fxml;

/**
 * The heat map is built in code (its size is the alphabet's); rows and columns of characters that never occur
 * at this position are left out so the map stays readable.
 */
public final class AnalysisView extends ScrollPane {

    private static final double CELL = 22;

    @FXML private ComboBox<Integer> position;
    @FXML private ComboBox<Split> split;
    @FXML private Label summary;
    @FXML private GridPane heatMap;
    @FXML private BarChart<String, Number> accuracyBars;

    private final AnalysisViewModel vm;

    public AnalysisView(AnalysisViewModel vm) {
        this.vm = vm;
        Fxml.load(this);
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
        heatMap.getChildren().clear();
        accuracyBars.getData().clear();
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
        int k = c.chars().length();
        int[] used = java.util.stream.IntStream.range(0, k).filter(i -> rowOrColumnUsed(c, i)).toArray();
        int max = Math.max(1, c.max());
        for (int col = 0; col < used.length; col++) {
            heatMap.add(header(c.chars().charAt(used[col])), col + 1, 0);
        }
        for (int row = 0; row < used.length; row++) {
            int t = used[row];
            heatMap.add(header(c.chars().charAt(t)), 0, row + 1);
            for (int col = 0; col < used.length; col++) {
                int q = used[col];
                heatMap.add(cell(c, t, q, max), col + 1, row + 1);
            }
        }
        XYChart.Series<String, Number> bars = new XYChart.Series<>();
        for (int p = 0; p < c.positionAccuracy().length; p++) {
            bars.getData().add(new XYChart.Data<>("#" + (p + 1), c.positionAccuracy()[p]));
        }
        accuracyBars.getData().add(bars);
    }

    private static boolean rowOrColumnUsed(Confusion c, int i) {
        for (int j = 0; j < c.counts().length; j++) {
            if (c.counts()[i][j] > 0 || c.counts()[j][i] > 0) {
                return true;
            }
        }
        return false;
    }

    private static Label header(char ch) {
        Label l = new Label(String.valueOf(ch));
        l.setMinSize(CELL, CELL);
        l.setAlignment(Pos.CENTER);
        l.getStyleClass().add("heat-header");
        return l;
    }

    private Label cell(Confusion c, int t, int q, int max) {
        int n = c.counts()[t][q];
        Label l = new Label(n == 0 ? "" : Integer.toString(n));
        l.setMinSize(CELL, CELL);
        l.setPrefSize(CELL, CELL);
        l.setAlignment(Pos.CENTER);
        l.getStyleClass().add("heat-cell");
        l.setId("cell-" + c.chars().charAt(t) + "-" + c.chars().charAt(q));
        if (n > 0) {
            // Log scale: the diagonal is large, the interesting errors are small.
            double v = Math.log1p(n) / Math.log1p(max);
            String colour = t == q ? String.format("rgba(46,125,50,%.2f)", 0.15 + 0.85 * v)
                    : String.format("rgba(198,40,40,%.2f)", 0.25 + 0.75 * v);
            l.setStyle("-fx-background-color: " + colour + ";");
            String what = "'" + c.chars().charAt(t) + "' read as '" + c.chars().charAt(q) + "': " + n + " images";
            l.setOnMouseEntered(e -> summary.setText(what + " (click to show them)"));
            l.setOnMouseClicked(e -> vm.showCell(t, q));
        }
        return l;
    }
}
