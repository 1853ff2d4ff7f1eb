package org.captchalab.ui.prediction;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;

/**
 * Per position: the predicted character large, its probability, and the top three candidates as bars; a
 * position where the prediction differs from the label is marked with the {@code mismatch} style.
 *
 * <p>Built in code because the number of positions depends on the dataset. The nodes are made once per label
 * length and only updated afterwards (bars are plain rectangles, not ProgressBars), because this panel
 * changes on every keystroke-driven move and new controls cost CSS and layout on the FX thread.
 *
 * <p>A flow: the positions wrap to a second row when the panel is narrower than all of them side by side.
 */
public final class PositionBars extends FlowPane {

    private static final double BAR = 70;
    private static final Color BAR_COLOUR = Color.web("#78909c");
    private static final Color TRUE_COLOUR = Color.web("#1565c0");
    private static final String NO_PREDICTION = "No prediction yet: load or train a model.";
    private final Label none = new Label(NO_PREDICTION);
    private final List<Column> columns = new ArrayList<>();

    public PositionBars() {
        super(8, 8);
        getStyleClass().add("position-bars");
        setId("positionBars");
        none.getStyleClass().add("hint");
    }

    /**
     * Shows a prediction against a label (either may be null). The label may be shorter than the prediction (one
     * being typed): the positions past its end are not judged.
     */
    public void show(SamplePrediction prediction, String label) {
        if (prediction == null) {
            showText(NO_PREDICTION);
            return;
        }
        if (columns.size() != prediction.length()) {
            columns.clear();
            for (int i = 0; i < prediction.length(); i++) {
                columns.add(new Column());
            }
        }
        if (getChildren().size() != columns.size() || (!columns.isEmpty() && getChildren().get(0) != columns.get(0).box)) {
            getChildren().setAll(columns.stream().map(c -> c.box).toList());
        }
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).show(i, prediction.positions().get(i), label);
        }
    }

    /** Shows a line instead of bars, e.g. when no image is selected. */
    public void showText(String text) {
        none.setText(text);
        if (getChildren().size() != 1 || getChildren().get(0) != none) {
            getChildren().setAll(none);
        }
    }

    /** The nodes of one position, reused. */
    private static final class Column {
        final VBox box = new VBox(3);
        final Label title = new Label();
        final Label ch = new Label();
        final Label prob = new Label();
        final Label[] names = new Label[3];
        final Rectangle[] bars = new Rectangle[3];
        boolean mismatch;

        Column() {
            box.setAlignment(Pos.TOP_CENTER);
            box.getStyleClass().add("position");
            ch.getStyleClass().add("position-char");
            prob.getStyleClass().add("position-prob");
            box.getChildren().addAll(title, ch, prob);
            for (int k = 0; k < 3; k++) {
                names[k] = new Label();
                names[k].setMinWidth(14);
                bars[k] = new Rectangle(0, 10, BAR_COLOUR);
                StackPane track = new StackPane(bars[k]);
                track.setAlignment(Pos.CENTER_LEFT);
                track.setMinWidth(BAR);
                track.setMaxWidth(BAR);
                track.getStyleClass().add("bar-track");
                HBox line = new HBox(4, names[k], track);
                line.setAlignment(Pos.CENTER_LEFT);
                box.getChildren().add(line);
            }
        }

        void show(int i, List<Candidate> candidates, String label) {
            Candidate best = candidates.get(0);
            boolean labelled = label != null && i < label.length();
            boolean differs = labelled && label.charAt(i) != best.character();
            title.setText("#" + (i + 1) + (labelled ? "  label " + label.charAt(i) : ""));
            ch.setText(String.valueOf(best.character()));
            prob.setText(String.format("%.1f%%", 100 * best.probability()));
            if (differs != mismatch) {
                mismatch = differs;
                if (differs) {
                    box.getStyleClass().add("mismatch");
                } else {
                    box.getStyleClass().remove("mismatch");
                }
            }
            for (int k = 0; k < 3; k++) {
                boolean present = k < candidates.size();
                Candidate c = present ? candidates.get(k) : null;
                names[k].setText(present ? String.valueOf(c.character()) : "");
                bars[k].setWidth(present ? Math.max(1, BAR * c.probability()) : 0);
                bars[k].setFill(present && labelled && label.charAt(i) == c.character() ? TRUE_COLOUR : BAR_COLOUR);
            }
        }
    }
}
