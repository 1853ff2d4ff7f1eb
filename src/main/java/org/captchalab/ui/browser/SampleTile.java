package org.captchalab.ui.browser;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/**
 * One image of the grid: the thumbnail scaled up by an integer factor without smoothing (captchas are tiny
 * and blur badly), the label, and the prediction with each position coloured by agreement with the label.
 */
final class SampleTile extends VBox {

    private final ImageView image = new ImageView();
    private final Label label = new Label();
    private final TextFlow prediction = new TextFlow();
    private final Label confidence = new Label();
    private static final javafx.scene.text.Font MONO = javafx.scene.text.Font.font("monospace",
            javafx.scene.text.FontWeight.BOLD, 14);
    private static final javafx.scene.paint.Color AGREE = javafx.scene.paint.Color.web("#2e7d32");
    private static final javafx.scene.paint.Color DISAGREE = javafx.scene.paint.Color.web("#c62828");
    private static final javafx.scene.paint.Color UNKNOWN = javafx.scene.paint.Color.web("#546e7a");
    private Text[] chars = new Text[0];
    private volatile int shownIndex = -1;
    private SampleRow shownRow;
    private boolean shownSelected;

    SampleTile(double imageWidth, double imageHeight) {
        getStyleClass().add("sample-tile");
        image.setSmooth(false);
        image.setFitWidth(imageWidth);
        image.setFitHeight(imageHeight);
        image.setPreserveRatio(false);
        label.getStyleClass().add("tile-label");
        confidence.getStyleClass().add("tile-confidence");
        prediction.getStyleClass().add("tile-prediction");
        HBox readings = new HBox(8, prediction, confidence);
        readings.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(image, label, readings);
        setSpacing(2);
    }

    int shownIndex() {
        return shownIndex;
    }

    void show(SampleRow row, boolean selected, ThumbnailCache cache) {
        setVisible(row != null);
        if (row == null) {
            shownIndex = -1;
            shownRow = null;
            image.setImage(null);
            return;
        }
        if (row == shownRow && selected == shownSelected && image.getImage() != null) {
            return; // rows are immutable: the same instance shows the same thing
        }
        shownRow = row;
        shownSelected = selected;
        boolean sameImage = shownIndex == row.index();
        shownIndex = row.index();
        pseudoClassStateChanged(SELECTED, selected);
        if (!sameImage || image.getImage() == null) {
            int wanted = row.index();
            Image img = cache.get(wanted, () -> shownIndex == wanted, decoded -> {
                if (shownIndex == wanted) {
                    image.setImage(decoded);
                }
            });
            image.setImage(img);
        }
        label.setText(row.labelled() ? row.label() : "(unlabelled)");
        label.pseudoClassStateChanged(UNLABELLED, !row.labelled());
        fillPrediction(row);
    }

    /**
     * Fills the reading with reused Text nodes coloured directly (no style-class changes), so scrolling does
     * not create nodes or re-run CSS for every tile.
     */
    private void fillPrediction(SampleRow row) {
        SamplePrediction p = row.prediction();
        String text = p == null ? "–" : p.text();
        if (chars.length != text.length()) {
            chars = new Text[text.length()];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = new Text();
                chars[i].setFont(MONO);
            }
            prediction.getChildren().setAll(chars);
        }
        for (int i = 0; i < chars.length; i++) {
            chars[i].setText(String.valueOf(text.charAt(i)));
            chars[i].setFill(p == null || !row.labelled() ? UNKNOWN : p.agreesAt(row.label(), i) ? AGREE : DISAGREE);
        }
        confidence.setText(p == null ? "" : percent(p.confidence()));
    }

    /** Whole percent, with one decimal below 10% so a weak model's readings do not all show "0%". */
    static String percent(double p) {
        return p >= 0.1 ? String.format("%.0f%%", 100 * p) : String.format("%.1f%%", 100 * p);
    }

    static final javafx.css.PseudoClass SELECTED = javafx.css.PseudoClass.getPseudoClass("selected");
    static final javafx.css.PseudoClass UNLABELLED = javafx.css.PseudoClass.getPseudoClass("unlabelled");
}
