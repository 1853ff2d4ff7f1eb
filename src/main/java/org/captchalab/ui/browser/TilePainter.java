package org.captchalab.ui.browser;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/**
 * Draws one image of the grid onto a canvas: its frame, the label, the prediction with each position coloured by
 * agreement with the label, and the confidence; the thumbnail itself is copied into the grid's frame image
 * by {@link SampleGrid} (at {@link #PAD}, {@link #PAD} in the tile), this draws a placeholder where it is not
 * decoded yet. Only fills of axis-aligned rectangles and text: the cheapest operations for the software
 * renderer, which draws the whole visible grid again on every scrolled frame.
 */
final class TilePainter {

    static final double PAD = 5;
    private static final double LINE = 18;
    private static final Font MONO = Font.font("Monospaced", FontWeight.BOLD, 14);
    private static final Font SMALL = Font.font("System", 11);
    private static final double CHAR_WIDTH = advance(MONO);
    private static final Color BACKGROUND = Color.web("#f5f5f5");
    private static final Color EDGE = Color.web("#e0e0e0");
    private static final Color SELECTED_BACKGROUND = Color.web("#e3f2fd");
    private static final Color SELECTED_EDGE = Color.web("#1565c0");
    private static final Color NO_IMAGE = Color.web("#eceff1");
    private static final Color LABEL = Color.web("#212121");
    private static final Color QUIET = Color.web("#9e9e9e");
    private static final Color AGREE = Color.web("#2e7d32");
    private static final Color DISAGREE = Color.web("#c62828");
    private static final Color UNKNOWN = Color.web("#546e7a");
    private static final Color CONFIDENCE = Color.web("#607d8b");
    private static final Color TAG = Color.web("#6a1b9a");

    private final double imageWidth;
    private final double imageHeight;
    /** The widths of the few "A read"/"B read" marks, measured once (a Text per tile per frame costs). */
    private final java.util.Map<String, Double> widths = new java.util.HashMap<>();

    TilePainter(double imageWidth, double imageHeight) {
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
    }

    double width() {
        return imageWidth + 2 * PAD;
    }

    double height() {
        return imageHeight + 2 * PAD + 2 * LINE + 4;
    }

    /** The thumbnail's width: it sits at ({@link #PAD}, {@link #PAD}) in the tile. */
    int imageWidth() {
        return (int) imageWidth;
    }

    /** The thumbnail's height. */
    int imageHeight() {
        return (int) imageHeight;
    }

    /**
     * Draws {@code row} with its top-left corner at (x, y), with a placeholder for the thumbnail unless
     * {@code thumbnailShown} (the grid puts it there), and {@code tag} (if not null): its text at the right of the
     * label line, and its reading, when it has one, in place of the loaded model's, after whose it is ("B read").
     */
    void paint(GraphicsContext g, double x, double y, SampleRow row, boolean thumbnailShown, boolean selected,
               SampleFilter.Tag tag) {
        double w = width();
        double h = height();
        double edge = selected ? 2 : 1;
        // The edge as four thin rectangles: a stroked rectangle goes through the path rasteriser.
        g.setFill(selected ? SELECTED_EDGE : EDGE);
        g.fillRect(x, y, w, edge);
        g.fillRect(x, y + h - edge, w, edge);
        g.fillRect(x, y, edge, h);
        g.fillRect(x + w - edge, y, edge, h);
        g.setFill(selected ? SELECTED_BACKGROUND : BACKGROUND);
        g.fillRect(x + edge, y + edge, w - 2 * edge, h - 2 * edge);
        if (!thumbnailShown) {
            g.setFill(NO_IMAGE);
            g.fillRect(x + PAD, y + PAD, imageWidth, imageHeight);
        }

        double labelBase = y + PAD + imageHeight + LINE;
        if (row.labelled()) {
            g.setFont(MONO);
            g.setFill(LABEL);
            g.fillText(row.label(), x + PAD, labelBase);
        } else {
            g.setFont(SMALL);
            g.setFill(QUIET);
            g.fillText("(unlabelled)", x + PAD, labelBase);
        }
        if (tag != null && tag.text() != null && !tag.text().isEmpty()) {
            g.setFont(SMALL);
            g.setFill(TAG);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(tag.text(), x + w - PAD, labelBase);
            g.setTextAlign(TextAlignment.LEFT);
        }

        double readingBase = labelBase + LINE;
        SamplePrediction p = row.prediction();
        double left = x + PAD;
        if (tag != null && tag.reading() != null) {
            // another run's reading (a comparison's): say whose, so it is not taken for the loaded model's
            p = tag.reading();
            String by = tag.readingBy() == null ? "" : tag.readingBy() + " read";
            if (!by.isEmpty()) {
                g.setFont(SMALL);
                g.setFill(TAG);
                g.fillText(by, left, readingBase);
                left += widths.computeIfAbsent(by, s -> advance(SMALL, s)) + 5;
            }
        }
        g.setFont(MONO);
        if (p == null) {
            g.setFill(UNKNOWN);
            g.fillText("–", left, readingBase);
            return;
        }
        String text = p.text();
        for (int i = 0; i < text.length(); i++) {
            g.setFill(!row.labelled() ? UNKNOWN : p.agreesAt(row.label(), i) ? AGREE : DISAGREE);
            g.fillText(String.valueOf(text.charAt(i)), left + i * CHAR_WIDTH, readingBase);
        }
        g.setFont(SMALL);
        g.setFill(CONFIDENCE);
        g.fillText(percent(p.confidence()), left + text.length() * CHAR_WIDTH + 8, readingBase);
    }

    /**
     * Whole percent, with one decimal below 10% so a weak model's readings do not all show "0%". Integer
     * arithmetic rather than String.format, which costs a Formatter per tile per frame.
     */
    static String percent(double p) {
        if (p >= 0.1) {
            return Math.round(100 * p) + "%";
        }
        long tenths = Math.round(1000 * p);
        return tenths / 10 + "." + tenths % 10 + "%";
    }

    private static double advance(Font font) {
        return advance(font, "MMMMMMMMMM") / 10;
    }

    private static double advance(Font font, String s) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }
}
