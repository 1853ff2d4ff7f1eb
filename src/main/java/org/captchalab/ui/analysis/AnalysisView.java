package org.captchalab.ui.analysis;

import java.util.Arrays;
import javafx.fxml.FXML;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.Fxml;

/**
 * Error analysis: position and split choosers, per-position accuracy (figures and bars), and the confusion
 * {@link HeatMap}, whose cells fit the tab's width down to a readable size (then the tab scrolls).
 */
public final class AnalysisView extends ScrollPane {

    /** The height of each position's accuracy bar, drawn under its figure. */
    private static final double BAR_HEIGHT = 5;

    @FXML private ComboBox<Integer> position;
    @FXML private ComboBox<Split> split;
    @FXML private Label summary;
    @FXML private Label heldOutNote;
    @FXML private StackPane heatMapHolder;
    @FXML private FlowPane accuracy;

    private final AnalysisViewModel vm;
    private final HeatMap heatMap;

    public AnalysisView(AnalysisViewModel vm) {
        this.vm = vm;
        Fxml.load(this);
        heatMap = new HeatMap(vm::showCell);
        heatMap.setId("heatMap");
        heatMapHolder.getChildren().add(heatMap);
        // the cells follow the width; the tab's vertical scroll bar is always shown (AnalysisView.fxml), since one
        // that came and went with the matrix's height would change that width and could flip it on every frame
        heatMapHolder.widthProperty().addListener((o, a, w) -> heatMap.fitTo(w.doubleValue()));
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
        heldOutNote.textProperty().bind(vm.heldOutNoteBinding());
        heldOutNote.visibleProperty().bind(vm.heldOutNoteBinding().isNotEmpty());
        heldOutNote.managedProperty().bind(heldOutNote.visibleProperty());
        vm.confusionProperty().addListener((o, a, c) -> show(c));
    }

    private void show(Confusion c) {
        accuracy.getChildren().clear();
        heatMap.show(c);
        heatMap.fitTo(heatMapHolder.getWidth());
        // the holder is never narrower than the matrix at its smallest cells, so the tab scrolls rather than cuts it
        heatMapHolder.setMinWidth(heatMap.minimumWidth());
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
        summary.setText(c.summary());
        Label title = new Label("Accuracy");
        title.getStyleClass().add("hint");
        accuracy.getChildren().add(title);
        // the whole sequence first, as eval prints it: the figure a captcha is read by
        Label sequence = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * c.sequenceAccuracy()));
        sequence.setId("sequenceAccuracy");
        HBox whole = new HBox(4, new Label("full sequence"), sequence);
        whole.setAlignment(Pos.BASELINE_LEFT);
        accuracy.getChildren().add(whole);
        for (int p = 0; p < c.positionAccuracy().length; p++) {
            double a = c.positionAccuracy()[p];
            Label name = new Label("#" + (p + 1));
            name.getStyleClass().add("position-accuracy-name");
            Label value = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * a));
            value.setId("positionAccuracy" + (p + 1));
            value.setMinWidth(Region.USE_PREF_SIZE);
            // The bar under the figure, as wide as it, rather than beside it: four positions with their bars side by
            // side wrapped the last onto a second line in the panel of a 1500-pixel window.
            Rectangle bar = new Rectangle(1, BAR_HEIGHT, Color.web("#2e7d32"));
            StackPane track = new StackPane(bar);
            track.setAlignment(Pos.CENTER_LEFT);
            track.getStyleClass().add("accuracy-bar-track");
            track.setMinWidth(0);
            track.setPrefWidth(0); // as wide as the figure above it, which alone sets the width
            bar.widthProperty().bind(track.widthProperty().multiply(a).map(w -> Math.max(1, w.doubleValue())));
            VBox figure = new VBox(2, value, track);
            HBox item = new HBox(4, name, figure);
            item.setAlignment(Pos.BASELINE_LEFT);
            item.getStyleClass().add("position-accuracy-item");
            accuracy.getChildren().add(item);
        }
    }

    /** The tooltip of the heat map at a point in its coordinates, or null; for tests. */
    public String tooltipAt(double x, double y) {
        return heatMap.tooltipAt(x, y);
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
