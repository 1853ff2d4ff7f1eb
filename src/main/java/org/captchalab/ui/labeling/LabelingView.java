package org.captchalab.ui.labeling;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.prediction.AttentionStrips;
import org.captchalab.ui.prediction.PositionBars;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.ComparedReadings;
import org.captchalab.ui.shared.Fxml;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/**
 * The selected image large (with, for attention models, where each position looked), its per-position reading
 * and the label editor; during a run comparison, also what each of the two runs read there. Enter, Tab, Shift+Tab, Ctrl+Enter
 * Ctrl+(Shift+)Z and Ctrl+Y are handled by a key filter on the editor (not as menu accelerators, which would steal Enter and Tab from every
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
    @FXML private VBox comparedBox;
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
    /** The height of the scroll pane's view this panel is shown in; 0 while unknown. */
    private final DoubleProperty viewHeight = new SimpleDoubleProperty(0);
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
        // the room left for the image changes with what stands under it (a comparison's lines, cards that wrap)
        viewHeight.addListener((o, a, b) -> fitImage());
        strips.heightProperty().addListener((o, a, b) -> fitImage());
        for (Node n : getChildren()) {
            if (n != imageFrame && n instanceof Region r) {
                r.heightProperty().addListener((o, a, b) -> fitImage());
            }
        }
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
        vm.comparedProperty().addListener((o, a, b) -> showCompared());
        // a correction being typed: the cards and the comparison's lines judge it, keystroke by keystroke
        vm.judgedLabelProperty().addListener((o, a, b) -> {
            SampleRow row = browser.selectedRowProperty().get();
            if (row != null) {
                bars.show(row.prediction(), b);
            }
            showCompared();
        });
        browser.selectedRowProperty().addListener((o, a, b) -> {
            show(a, b);
            showCompared(); // the readings of another image
            // another image, or this one's label undone or redone: typing replaces the label shown, not adds to it
            if (a == null || b == null || a.index() != b.index() || !Objects.equals(a.label(), b.label())) {
                selectAllLater();
            }
        });
    }

    /**
     * One line per run of the comparison (A, then B, as the filter's caption and the tiles name them): its name, its
     * reading coloured by agreement with the label (the one being typed, if any), its confidence and whether it is
     * right; then whose reading the
     * bars below are, since the loaded model need be neither run. Nothing when no comparison is on.
     */
    private void showCompared() {
        ComparedReadings c = vm.comparedProperty().get();
        SampleRow row = browser.selectedRowProperty().get();
        boolean on = c != null && row != null;
        comparedBox.setVisible(on);
        comparedBox.setManaged(on);
        if (!on) {
            comparedBox.getChildren().clear();
            return;
        }
        String label = vm.judgedLabelProperty().get();
        Predictor loaded = predictor.getValue();
        String loadedName = loaded == null ? null : loaded.name();
        String which = loadedName == null ? "" : loadedName.equals(c.runA()) ? ", run A" : loadedName.equals(c.runB()) ? ", run B" : "";
        Label bars = new Label(loadedName == null ? "No model is loaded: no bars below."
                : "The bars below are the loaded model's reading (" + loadedName + which + ").");
        bars.setId("comparedBarsNote");
        bars.setWrapText(true);
        bars.getStyleClass().add("hint");
        comparedBox.getChildren().setAll(compareLine("comparedA", "A", c.runA(), c.readingA(), label),
                compareLine("comparedB", "B", c.runB(), c.readingB(), label), bars);
    }

    private static TextFlow compareLine(String id, String role, String run, SamplePrediction reading, String label) {
        TextFlow line = new TextFlow();
        line.setId(id);
        line.getChildren().add(styled(role + "  ", "compared-role"));
        line.getChildren().add(styled(run + "  read  ", "compared-run"));
        // a label being typed may not reach every position yet: those are not judged, nor is the whole reading
        boolean whole = label != null && label.length() >= reading.length();
        for (int i = 0; i < reading.length(); i++) {
            line.getChildren().add(styled(String.valueOf(reading.text().charAt(i)), "compared-char",
                    label == null || i >= label.length() ? "unknown" : reading.agreesAt(label, i) ? "agree" : "disagree"));
        }
        line.getChildren().add(styled(String.format(Locale.ROOT, "  %.0f%%", 100 * reading.confidence()), "compared-run"));
        String verdict = whole ? ComparedReadings.verdict(reading, label) : "";
        if (!verdict.isEmpty()) {
            line.getChildren().add(styled("  " + verdict, "compared-verdict", verdict.equals("right") ? "agree" : "disagree"));
        }
        return line;
    }

    private static Text styled(String text, String... styleClasses) {
        Text t = new Text(text);
        t.getStyleClass().addAll(styleClasses);
        return t;
    }

    private void onKey(KeyEvent e) {
        // The field's own Ctrl+Z would undo typing only; here it undoes label saves, as the menu says. Ctrl+Y redoes
        // too: the redo key of most editors outside the Mac, which did nothing here.
        if (e.getCode() == KeyCode.Z && e.isShortcutDown()) {
            if (e.isShiftDown()) {
                vm.redo();
            } else {
                vm.undo();
            }
            e.consume();
        } else if (e.getCode() == KeyCode.Y && e.isShortcutDown() && !e.isShiftDown()) {
            vm.redo();
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
        bars.show(row.prediction(), vm.judgedLabelProperty().get());
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
     * The height of the scroll pane's view this panel is shown in (bound by the window): the image is made small
     * enough for the buttons under it to stay in that view, down to {@link #SMALLEST_WIDTH}.
     */
    public DoubleProperty viewHeightProperty() {
        return viewHeight;
    }

    /**
     * Sizes the large image to the panel: blown up by a whole factor to about {@link #LARGE_WIDTH} (pixels kept
     * sharp) when there is room, else scaled down, keeping its aspect, to the frame's width less the margins of the
     * attention strips (kept whether or not they are shown, so the image does not jump when they come), and to the
     * height the view has left once everything under the image is in it: on a 1024x700 screen a comparison's lines
     * and the strips pushed the buttons out of sight.
     */
    private void fitImage() {
        Image fx = image.getImage();
        if (fx == null || fx.getWidth() <= 0) {
            return;
        }
        double natural = fx.getWidth() * Math.max(1, (int) (LARGE_WIDTH / fx.getWidth()));
        double room = imageFrame.getWidth() - imageFrame.snappedLeftInset() - imageFrame.snappedRightInset()
                - 2 * AttentionStrips.MARGIN;
        double heightRoom = imageHeightRoom();
        if (!Double.isNaN(heightRoom) && fx.getHeight() > 0) {
            // none left (a view too low even for the rest): the smallest image, and the panel scrolls
            room = Math.min(room, Math.max(0, heightRoom) * fx.getWidth() / fx.getHeight());
        }
        double width = imageFrame.getWidth() <= 0 ? natural : Math.floor(Math.min(natural, Math.max(SMALLEST_WIDTH, room)));
        // a whole factor stays sharp; any other is smoothed rather than drawn with uneven pixels
        image.setSmooth(width % fx.getWidth() != 0);
        if (width != image.getFitWidth()) {
            image.setFitWidth(width);
            strips.setImageWidth(width);
        }
    }

    /**
     * How tall the image may be for the whole panel to fit the view's height: the view less this panel's insets, the
     * height of everything else in it (as laid out now, at the panel's width) and the frame's own insets and strips;
     * NaN while the view's height is unknown.
     */
    private double imageHeightRoom() {
        if (viewHeight.get() <= 0) {
            return Double.NaN;
        }
        double others = snappedTopInset() + snappedBottomInset();
        int shown = 0;
        for (Node n : getChildren()) {
            if (n.isManaged()) {
                shown++;
                if (n != imageFrame) {
                    others += ((Region) n).getHeight();
                }
            }
        }
        others += Math.max(0, shown - 1) * getSpacing();
        double frame = imageFrame.snappedTopInset() + imageFrame.snappedBottomInset();
        if (strips.isManaged()) {
            frame += strips.getHeight() + imageColumn.getSpacing();
        }
        return viewHeight.get() - others - frame;
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
