package org.captchalab.ui.prediction;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;

/**
 * Per position: the predicted character large, its probability, and the top three candidates as bars. A
 * position where the prediction differs from the label is marked with the {@code mismatch} style. Built in
 * code because the number of positions depends on the dataset.
 */
public final class PositionBars extends HBox {

    public PositionBars() {
        super(12);
        getStyleClass().add("position-bars");
        setId("positionBars");
    }

    /** Shows a prediction against a label (either may be null). */
    public void show(SamplePrediction prediction, String label) {
        getChildren().clear();
        if (prediction == null) {
            Label none = new Label("No prediction yet: load or train a model.");
            none.getStyleClass().add("hint");
            getChildren().add(none);
            return;
        }
        for (int i = 0; i < prediction.length(); i++) {
            getChildren().add(position(i, prediction.positions().get(i), label));
        }
    }

    private static VBox position(int i, List<Candidate> candidates, String label) {
        Candidate best = candidates.get(0);
        boolean labelled = label != null && i < label.length();
        boolean mismatch = labelled && label.charAt(i) != best.character();
        Label ch = new Label(String.valueOf(best.character()));
        ch.getStyleClass().add("position-char");
        Label prob = new Label(String.format("%.1f%%", 100 * best.probability()));
        prob.getStyleClass().add("position-prob");
        VBox box = new VBox(3, new Label("#" + (i + 1) + (labelled ? "  label " + label.charAt(i) : "")), ch, prob);
        box.setAlignment(Pos.TOP_CENTER);
        box.getStyleClass().add("position");
        if (mismatch) {
            box.getStyleClass().add("mismatch");
        }
        for (int k = 0; k < Math.min(3, candidates.size()); k++) {
            Candidate c = candidates.get(k);
            ProgressBar bar = new ProgressBar(c.probability());
            bar.setPrefWidth(70);
            Label name = new Label(String.valueOf(c.character()));
            name.setMinWidth(14);
            HBox line = new HBox(4, name, bar);
            line.setAlignment(Pos.CENTER_LEFT);
            if (labelled && label.charAt(i) == c.character()) {
                line.getStyleClass().add("true-char");
            }
            box.getChildren().add(line);
        }
        return box;
    }
}
