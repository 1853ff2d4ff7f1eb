package org.captchalab.ui.analysis;

import java.util.function.BiConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * The confusion heat map drawn on one {@link Canvas}: a 36x36 matrix as labelled nodes meant a thousand
 * controls to create and style on the FX thread (a 300 ms pulse), a canvas is one node. Rows and columns of
 * characters that never occur at this position are left out; clicks are mapped back to (true, predicted).
 * The cells take the width they are given ({@link #fitTo}), between {@link #MIN_CELL} (then the view scrolls) and
 * {@link #MAX_CELL}; hovering a cell shows what it counts in a tooltip.
 */
final class HeatMap extends Canvas {

    static final double MAX_CELL = 22;
    static final double MIN_CELL = 14;
    private static final Color DIAGONAL = Color.rgb(46, 125, 50);
    private static final Color ERROR = Color.rgb(198, 40, 40);
    private Confusion shown;
    private int[] used = new int[0];
    private double cell = MAX_CELL;
    private double room = -1;
    private final Tooltip tooltip = new Tooltip();
    private boolean tooltipInstalled;

    /** {@code onCell} receives (true index, predicted index) of a clicked non-empty cell. */
    HeatMap(BiConsumer<Integer, Integer> onCell) {
        setOnMouseClicked(e -> {
            int[] cell = cellAt(e.getX(), e.getY());
            if (cell != null) {
                onCell.accept(cell[0], cell[1]);
            }
        });
        tooltip.setShowDelay(Duration.millis(150));
        setOnMouseMoved(e -> {
            String text = tooltipAt(e.getX(), e.getY());
            if (text == null) {
                if (tooltipInstalled) {
                    Tooltip.uninstall(this, tooltip);
                    tooltipInstalled = false;
                }
                return;
            }
            tooltip.setText(text);
            if (!tooltipInstalled) {
                Tooltip.install(this, tooltip);
                tooltipInstalled = true;
            }
        });
        setOnMouseExited(e -> {
            Tooltip.uninstall(this, tooltip);
            tooltipInstalled = false;
        });
    }

    /** The tooltip of the cell under a point (empty cells included), or null outside the matrix's cells. */
    String tooltipAt(double x, double y) {
        int[] tq = indicesAt(x, y);
        return tq == null ? null : shown.describe(tq[0], tq[1]);
    }

    /** The (true, predicted) alphabet indices of the cell under a point, empty or not, or null outside the cells. */
    private int[] indicesAt(double x, double y) {
        int col = (int) (x / cell) - 1;
        int row = (int) (y / cell) - 1;
        if (shown == null || x < 0 || y < 0 || col < 0 || row < 0 || col >= used.length || row >= used.length) {
            return null;
        }
        return new int[] {used[row], used[col]};
    }

    /** The width of the matrix drawn at its smallest cells. */
    double minimumWidth() {
        return (used.length + 1) * MIN_CELL + 1;
    }

    /** The side of one cell as drawn. */
    double cell() {
        return cell;
    }

    /**
     * Sizes the cells so the matrix is at most {@code width} wide (within the cell limits) and redraws if that
     * changes them; a width of zero or less (not laid out yet) keeps the largest cells.
     */
    void fitTo(double width) {
        room = width;
        double fitted = cellFor(room, used.length);
        if (fitted != cell) {
            cell = fitted;
            draw();
        }
    }

    private static double cellFor(double width, int n) {
        if (width <= 0 || n == 0) {
            return MAX_CELL;
        }
        return Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor((width - 1) / (n + 1))));
    }

    /** The (true, predicted) alphabet indices under a point, or null outside the non-empty cells. */
    int[] cellAt(double x, double y) {
        int[] tq = indicesAt(x, y);
        return tq != null && shown.counts()[tq[0]][tq[1]] > 0 ? tq : null;
    }

    /** The centre of the cell of (true, predicted), in this canvas's coordinates, or null if not drawn. */
    double[] centreOf(int trueIndex, int predictedIndex) {
        int row = indexIn(used, trueIndex);
        int col = indexIn(used, predictedIndex);
        return row < 0 || col < 0 ? null : new double[] {(col + 1.5) * cell, (row + 1.5) * cell};
    }

    private static int indexIn(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    void show(Confusion c) {
        shown = c;
        int k = c == null ? 0 : c.chars().length();
        used = c == null ? new int[0] : java.util.stream.IntStream.range(0, k).filter(i -> used(c, i)).toArray();
        cell = cellFor(room, used.length);
        draw();
    }

    private void draw() {
        Confusion c = shown;
        GraphicsContext g = getGraphicsContext2D();
        setWidth((used.length + 1) * cell + 1);
        setHeight((used.length + 1) * cell + 1);
        g.clearRect(0, 0, getWidth(), getHeight());
        if (c == null) {
            return;
        }
        double size = cell;
        Font header = Font.font("monospace", javafx.scene.text.FontWeight.BOLD, Math.min(12, Math.max(9, size * 0.55)));
        // three digits must fit a cell: at the smallest cells the counts get a smaller font
        Font font = Font.font("monospace", Math.min(10, Math.max(7, size * 0.5)));
        double max = Math.log1p(Math.max(1, c.max()));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < used.length; i++) {
            String ch = String.valueOf(c.chars().charAt(used[i]));
            g.setFont(header);
            g.setFill(Color.web("#455a64"));
            g.fillText(ch, (i + 1.5) * size, size / 2);
            g.fillText(ch, size / 2, (i + 1.5) * size);
        }
        g.setFont(font);
        for (int row = 0; row < used.length; row++) {
            for (int col = 0; col < used.length; col++) {
                int n = c.counts()[used[row]][used[col]];
                double x = (col + 1) * size;
                double y = (row + 1) * size;
                g.setStroke(Color.web("#eeeeee"));
                g.strokeRect(x + 0.5, y + 0.5, size, size);
                if (n == 0) {
                    continue;
                }
                // Log scale: the diagonal is large, the interesting errors are small.
                double v = Math.log1p(n) / max;
                boolean diagonal = used[row] == used[col];
                Color base = diagonal ? DIAGONAL : ERROR;
                g.setFill(base.deriveColor(0, 1, 1, diagonal ? 0.15 + 0.85 * v : 0.25 + 0.75 * v));
                g.fillRect(x + 1, y + 1, size - 1, size - 1);
                g.setFill(v > 0.6 ? Color.WHITE : Color.web("#212121"));
                g.fillText(Integer.toString(n), x + size / 2, y + size / 2);
            }
        }
    }

    private static boolean used(Confusion c, int i) {
        for (int j = 0; j < c.counts().length; j++) {
            if (c.counts()[i][j] > 0 || c.counts()[j][i] > 0) {
                return true;
            }
        }
        return false;
    }

    Confusion shown() {
        return shown;
    }
}
