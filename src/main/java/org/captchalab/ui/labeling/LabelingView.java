package org.captchalab.ui.labeling;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.prediction.AttentionStrips;
import org.captchalab.ui.prediction.PositionBars;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.Fxml;
import org.captchalab.ui.shared.SampleRow;

/**
 * The selected image large (with, for attention models, where each position looked), its per-position reading
 * and the label editor. Enter, Tab, Shift+Tab, Ctrl+Enter
 * and Ctrl+(Shift+)Z are handled by a key filter on the editor (not as menu accelerators, which would steal Enter and Tab from every
 * other field of the window).
 */
public final class LabelingView extends VBox {

    /** The width the large image is blown up to (by a whole factor) when the panel has room for it. */
    private static final double LARGE_WIDTH = 516;
    /** Narrower than this the image is not shrunk further (the panel scrolls). */
    private static final double SMALLEST_WIDTH = 120;

    @FXML private StackPane imageFrame;
    @FXML private ImageView image;
    @FXML private VBox imageColumn;
    @FXML private Label status;
    @FXML private StackPane barsHolder;
    @FXML private TextField labelField;
    @FXML private Label problem;
    @FXML private Button previousButton;
    @FXML private Button saveButton;
    @FXML private Button acceptButton;
    @FXML private Button nextButton;

    private final LabelingViewModel vm;
    private final BrowserViewModel browser;
    private final Background background;
    private final PositionBars bars = new PositionBars();
    private final AttentionStrips strips = new AttentionStrips();
    private final ObservableValue<Predictor> predictor;
    private int imageRequest;
    private int attentionRequest;
    /** The image shown large, as decoded (FX thread only); null when none is shown. */
    private BufferedImage shown;

    /** {@code predictor}: the loaded model, asked where it looked when it reads by attention. */
    public LabelingView(LabelingViewModel vm, BrowserViewModel browser, Background background,
                        ObservableValue<Predictor> predictor) {
        this.vm = vm;
        this.browser = browser;
        this.background = background;
        this.predictor = predictor;
        Fxml.load(this);
        barsHolder.getChildren().add(bars);
        imageColumn.getChildren().add(strips);
        predictor.addListener((o, a, b) -> showAttention());
        imageFrame.widthProperty().addListener((o, a, b) -> fitImage());
        labelField.textProperty().bindBidirectional(vm.textProperty());
        problem.textProperty().bind(vm.problemProperty());
        status.textProperty().bind(vm.statusProperty());
        saveButton.disableProperty().bind(vm.validProperty().not());
        saveButton.setOnAction(e -> vm.save());
        acceptButton.setOnAction(e -> vm.acceptPrediction());
        acceptButton.disableProperty().bind(vm.imageShownProperty().not());
        nextButton.setOnAction(e -> vm.next());
        previousButton.setOnAction(e -> vm.previous());
        labelField.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        browser.selectedRowProperty().addListener((o, a, b) -> {
            show(a, b);
            // another image, or this one's label undone or redone: typing replaces the label shown, not adds to it
            if (a == null || b == null || a.index() != b.index() || !Objects.equals(a.label(), b.label())) {
                selectAllLater();
            }
        });
    }

    private void onKey(KeyEvent e) {
        // The field's own Ctrl+Z would undo typing only; here it undoes label saves, as the menu says.
        if (e.getCode() == KeyCode.Z && e.isShortcutDown()) {
            if (e.isShiftDown()) {
                vm.redo();
            } else {
                vm.undo();
            }
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            vm.acceptPrediction();
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER) {
            vm.save();
            e.consume();
        } else if (e.getCode() == KeyCode.TAB && !e.isShortcutDown()) {
            if (e.isShiftDown()) {
                vm.previous();
            } else {
                vm.next();
            }
            e.consume();
        }
    }

    private void selectAllLater() {
        if (labelField.isFocused()) {
            background.onFx(labelField::selectAll);
        }
    }

    private void show(SampleRow before, SampleRow row) {
        if (row == null) {
            imageRequest++;
            shown = null;
            image.setImage(null);
            bars.showText("No image selected.");
            showAttention();
            return;
        }
        bars.show(row.prediction(), row.labelled() ? row.label() : null);
        if (before != null && before.index() == row.index() && image.getImage() != null) {
            return;
        }
        int request = ++imageRequest;
        // what the strips show belongs to the previous image
        attentionRequest++;
        strips.clear();
        var workspace = browser.dataset().workspace();
        int index = row.index();
        background.run("large image", () -> {
                    BufferedImage decoded = workspace.image(index);
                    return new Decoded(decoded, SwingFXUtils.toFXImage(decoded, null));
                },
                d -> {
                    if (request == imageRequest) {
                        image.setImage(d.fx());
                        fitImage();
                        shown = d.awt();
                        showAttention();
                    }
                }, e -> {
                    if (request == imageRequest) {
                        image.setImage(null);
                        shown = null;
                        showAttention();
                    }
                });
    }

    /**
     * Sizes the large image to the panel: blown up by a whole factor to about {@link #LARGE_WIDTH} (pixels kept
     * sharp) when there is room, else scaled down, keeping its aspect, to the frame's width less the margins of the
     * attention strips (kept whether or not they are shown, so the image does not jump when they come).
     */
    private void fitImage() {
        Image fx = image.getImage();
        if (fx == null || fx.getWidth() <= 0) {
            return;
        }
        double natural = fx.getWidth() * Math.max(1, (int) (LARGE_WIDTH / fx.getWidth()));
        double room = imageFrame.getWidth() - imageFrame.snappedLeftInset() - imageFrame.snappedRightInset()
                - 2 * AttentionStrips.MARGIN;
        double width = imageFrame.getWidth() <= 0 ? natural : Math.floor(Math.min(natural, Math.max(SMALLEST_WIDTH, room)));
        // a whole factor stays sharp; any other is smoothed rather than drawn with uneven pixels
        image.setSmooth(width % fx.getWidth() != 0);
        if (width != image.getFitWidth()) {
            image.setFitWidth(width);
            strips.setImageWidth(width);
        }
    }

    /** The large image, decoded once: for the view and for the model's attention. */
    private record Decoded(BufferedImage awt, Image fx) {
    }

    /**
     * Asks the model, off the FX thread, where each position looked in the image shown large; hides the strips if
     * there is none or the model cannot say.
     */
    private void showAttention() {
        int request = ++attentionRequest;
        Predictor p = predictor.getValue();
        BufferedImage img = shown;
        if (img == null || p == null) {
            strips.show(null, 0);
            return;
        }
        background.run("attention", () -> p.attention(img),
                (List<float[]> columns) -> {
                    if (request == attentionRequest) {
                        strips.show(columns, image.getFitWidth());
                    }
                }, e -> {
                    if (request == attentionRequest) {
                        strips.show(null, 0);
                    }
                });
    }

    public void focusEditor() {
        labelField.requestFocus();
        labelField.selectAll();
    }
}
