package org.captchalab.ui.analysis;

import java.util.function.BiConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The confusion heat map drawn on one {@link Canvas}: a 36x36 matrix as labelled nodes meant a thousand
 * controls to create and style on the FX thread (a 300 ms pulse), a canvas is one node. Rows and columns of
 * characters that never occur at this position are left out; clicks are mapped back to (true, predicted).
 */
final class HeatMap extends Canvas {

    static final double CELL = 22;
    private static final Color DIAGONAL = Color.rgb(46, 125, 50);
    private static final Color ERROR = Color.rgb(198, 40, 40);
    private static final Font FONT = Font.font("monospace", 10);
    private static final Font HEADER = Font.font("monospace", javafx.scene.text.FontWeight.BOLD, 12);
    private Confusion shown;
    private int[] used = new int[0];

    /** {@code onCell} receives (true index, predicted index) of a clicked non-empty cell. */
    HeatMap(BiConsumer<Integer, Integer> onCell) {
        setOnMouseClicked(e -> {
            int[] cell = cellAt(e.getX(), e.getY());
            if (cell != null) {
                onCell.accept(cell[0], cell[1]);
            }
        });
    }

    /** The (true, predicted) alphabet indices under a point, or null outside the non-empty cells. */
    int[] cellAt(double x, double y) {
        int col = (int) (x / CELL) - 1;
        int row = (int) (y / CELL) - 1;
        if (shown == null || col < 0 || row < 0 || col >= used.length || row >= used.length) {
            return null;
        }
        int t = used[row];
        int q = used[col];
        return shown.counts()[t][q] > 0 ? new int[] {t, q} : null;
    }

    /** The centre of the cell of (true, predicted), in this canvas's coordinates, or null if not drawn. */
    double[] centreOf(int trueIndex, int predictedIndex) {
        int row = indexIn(used, trueIndex);
        int col = indexIn(used, predictedIndex);
        return row < 0 || col < 0 ? null : new double[] {(col + 1.5) * CELL, (row + 1.5) * CELL};
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
        setWidth((used.length + 1) * CELL + 1);
        setHeight((used.length + 1) * CELL + 1);
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        if (c == null) {
            return;
        }
        double max = Math.log1p(Math.max(1, c.max()));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < used.length; i++) {
            String ch = String.valueOf(c.chars().charAt(used[i]));
            g.setFont(HEADER);
            g.setFill(Color.web("#455a64"));
            g.fillText(ch, (i + 1.5) * CELL, CELL / 2);
            g.fillText(ch, CELL / 2, (i + 1.5) * CELL);
        }
        g.setFont(FONT);
        for (int row = 0; row < used.length; row++) {
            for (int col = 0; col < used.length; col++) {
                int n = c.counts()[used[row]][used[col]];
                double x = (col + 1) * CELL;
                double y = (row + 1) * CELL;
                g.setStroke(Color.web("#eeeeee"));
                g.strokeRect(x + 0.5, y + 0.5, CELL, CELL);
                if (n == 0) {
                    continue;
                }
                // Log scale: the diagonal is large, the interesting errors are small.
                double v = Math.log1p(n) / max;
                boolean diagonal = used[row] == used[col];
                Color base = diagonal ? DIAGONAL : ERROR;
                g.setFill(base.deriveColor(0, 1, 1, diagonal ? 0.15 + 0.85 * v : 0.25 + 0.75 * v));
                g.fillRect(x + 1, y + 1, CELL - 1, CELL - 1);
                g.setFill(v > 0.6 ? Color.WHITE : Color.web("#212121"));
                g.fillText(Integer.toString(n), x + CELL / 2, y + CELL / 2);
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
