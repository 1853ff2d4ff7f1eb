package org.captchalab.ui.prediction;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Where each position of an attention model looked in the image above it: one strip per position, as wide as the
 * image and lined up with it, shaded by the share of the position's read taken from each column (darkest = most).
 * The strip numbers sit in margins on both sides, so the strips stay centred under a centred image.
 *
 * <p>One canvas, redrawn only when the selected image or the model changes: a few dozen rectangles.
 */
public final class AttentionStrips extends Canvas {

    /** The margin on each side of the strips, for the position numbers. */
    public static final double MARGIN = 18;
    static final double ROW = 12;
    static final double GAP = 3;
    private static final Color[] COLOURS = {Color.web("#1565c0"), Color.web("#e65100"), Color.web("#2e7d32"),
            Color.web("#6a1b9a"), Color.web("#00838f"), Color.web("#ad1457")};
    private List<float[]> shown = List.of();

    public AttentionStrips() {
        setId("attentionStrips");
        hide();
    }

    /** The strips under an image shown {@code imageWidth} pixels wide; nothing (and no space) when empty. */
    public void show(List<float[]> columns, double imageWidth) {
        if (columns == null || columns.isEmpty()) {
            hide();
            return;
        }
        shown = List.copyOf(columns);
        setWidth(imageWidth + 2 * MARGIN);
        setHeight(columns.size() * (ROW + GAP));
        setVisible(true);
        setManaged(true);
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int p = 0; p < columns.size(); p++) {
            float[] w = columns.get(p);
            double top = p * (ROW + GAP);
            Color colour = COLOURS[p % COLOURS.length];
            float max = 0;
            for (float v : w) {
                max = Math.max(max, v);
            }
            double cell = imageWidth / w.length;
            g.setFill(Color.web("#ffffff"));
            g.fillRect(MARGIN, top, imageWidth, ROW);
            for (int x = 0; x < w.length; x++) {
                if (max > 0) {
                    g.setFill(colour.deriveColor(0, 1, 1, w[x] / max));
                    g.fillRect(MARGIN + x * cell, top, cell, ROW);
                }
            }
            g.setFill(colour);
            g.fillText(String.valueOf(p + 1), MARGIN / 2, top + ROW / 2);
            g.fillText(String.valueOf(p + 1), MARGIN + imageWidth + MARGIN / 2, top + ROW / 2);
        }
    }

    /** Follows the image when it is shown at another width (the panel was resized): redraws what is shown. */
    public void setImageWidth(double imageWidth) {
        if (!isVisible() || getWidth() == imageWidth + 2 * MARGIN) {
            return;
        }
        if (shown.isEmpty()) {
            setWidth(imageWidth + 2 * MARGIN);
        } else {
            show(shown, imageWidth);
        }
    }

    /**
     * Blanks the strips but keeps their place, while the reading of a newly selected image is on its way (hiding
     * them would make the panel below jump on every move).
     */
    public void clear() {
        shown = List.of();
        getGraphicsContext2D().clearRect(0, 0, getWidth(), getHeight());
    }

    /** What is shown: per position, the column weights (empty when hidden or cleared). */
    public List<float[]> shown() {
        return shown;
    }

    private void hide() {
        shown = List.of();
        setVisible(false);
        setManaged(false);
        setWidth(0);
        setHeight(0);
    }
}
