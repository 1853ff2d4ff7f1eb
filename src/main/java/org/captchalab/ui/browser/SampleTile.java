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

    private void fillPrediction(SampleRow row) {
        SamplePrediction p = row.prediction();
        if (p == null) {
            prediction.getChildren().setAll(new Text("–"));
            confidence.setText("");
            return;
        }
        String text = p.text();
        Text[] chars = new Text[text.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = new Text(String.valueOf(text.charAt(i)));
            chars[i].getStyleClass().add(!row.labelled() ? "char-unknown"
                    : p.agreesAt(row.label(), i) ? "char-agree" : "char-disagree");
        }
        prediction.getChildren().setAll(chars);
        confidence.setText(String.format("%.0f%%", 100 * p.confidence()));
    }

    static final javafx.css.PseudoClass SELECTED = javafx.css.PseudoClass.getPseudoClass("selected");
    static final javafx.css.PseudoClass UNLABELLED = javafx.css.PseudoClass.getPseudoClass("unlabelled");
}
