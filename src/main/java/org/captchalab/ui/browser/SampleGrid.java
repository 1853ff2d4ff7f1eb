package org.captchalab.ui.browser;

import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.Image;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.captchalab.ui.shared.DatasetState;

/**
 * The grid of images: one {@link Canvas} the size of the view, on which only the tiles on screen are drawn,
 * and a scroll bar. 100,000 images cost no more than 40, and a scrolled frame costs one redraw of the visible
 * tiles: no nodes, no CSS and no layout per tile. (It was a ListView of rows of Labels, ImageViews and Text
 * nodes; while scrolling fast the FX thread spent its time on CSS, text layout and VirtualFlow's size
 * estimates, which walk every row.) Redraws requested during a pulse are done once, just before its layout.
 * The column count follows the width; thumbnails come from the {@link ThumbnailCache}.
 */
final class SampleGrid extends Region {

    private static final double GAP = 8;
    private final Canvas canvas = new Canvas();
    private final ScrollBar bar = new ScrollBar();
    private final Runnable beforeLayout = this::redrawIfDirty;
    private DatasetState dataset;
    private ThumbnailCache cache;
    private TilePainter painter = new TilePainter(194, 80);
    private int[] order = new int[0];
    private int selected = -1;
    private int columns = 1;
    private boolean dirty;
    private IntConsumer onPick = i -> { };
    /** What is on screen, read by the decoder thread to skip thumbnails that have scrolled away. */
    private volatile int[] shownOrder = order;
    private volatile int firstShown;
    private volatile int lastShown = -1;

    SampleGrid() {
        getStyleClass().add("sample-grid");
        bar.setOrientation(Orientation.VERTICAL);
        bar.valueProperty().addListener(o -> markDirty());
        getChildren().addAll(canvas, bar);
        setOnScroll(e -> scrollTo(bar.getValue() - e.getDeltaY()));
        canvas.setOnMouseClicked(e -> {
            int pos = positionAt(e.getX(), e.getY());
            if (pos >= 0) {
                onPick.accept(order[pos]);
            }
        });
        sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removePreLayoutPulseListener(beforeLayout);
            }
            if (now != null) {
                now.addPreLayoutPulseListener(beforeLayout);
            }
        });
    }

    void setOnPick(IntConsumer onPick) {
        this.onPick = onPick;
    }

    /** Shows a dataset whose thumbnails the cache delivers at {@code thumbnailSize}. */
    void setDataset(DatasetState dataset, ThumbnailCache cache, int[] thumbnailSize) {
        this.dataset = dataset;
        this.cache = cache;
        painter = new TilePainter(thumbnailSize[0], thumbnailSize[1]);
        bar.setValue(0);
        requestLayout();
    }

    /**
     * The size thumbnails are shown at for images of this input size: scaled up to about 190 px wide in steps
     * of a half (nearest neighbour, so pixels stay sharp): 129x53 QQ captchas at 1.5x, 72x24 ones at 2.5x.
     */
    static int[] thumbnailSize(int inputWidth, int inputHeight) {
        double scale = Math.max(1, Math.round(2 * 190.0 / Math.max(1, inputWidth)) / 2.0);
        return new int[] {(int) Math.round(inputWidth * scale), (int) Math.round(inputHeight * scale)};
    }

    void setOrder(int[] order) {
        this.order = order;
        shownOrder = order;
        requestLayout();
    }

    /** Marks a sample as selected and scrolls so that it is on screen. */
    void setSelected(int sampleIndex) {
        selected = sampleIndex;
        markDirty();
        for (int pos = 0; pos < order.length; pos++) {
            if (order[pos] == sampleIndex) {
                double top = GAP + (pos / columns) * rowHeight();
                double view = viewHeight();
                if (top < bar.getValue()) {
                    scrollTo(top - GAP);
                } else if (top + rowHeight() > bar.getValue() + view) {
                    scrollTo(top + rowHeight() - view);
                }
                return;
            }
        }
    }

    /** Draws the visible tiles again after rows changed (labels, predictions). */
    void redraw() {
        markDirty();
    }

    private void scrollTo(double value) {
        bar.setValue(Math.max(bar.getMin(), Math.min(bar.getMax(), value)));
    }

    private double rowHeight() {
        return painter.height() + GAP;
    }

    private double viewHeight() {
        Insets in = getInsets();
        return Math.max(0, getHeight() - in.getTop() - in.getBottom());
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            Scene scene = getScene();
            if (scene != null) {
                javafx.application.Platform.requestNextPulse();
            }
        }
    }

    private void redrawIfDirty() {
        if (dirty) {
            draw();
        }
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double h = viewHeight();
        double barWidth = bar.prefWidth(-1);
        bar.resizeRelocate(in.getLeft() + w - barWidth, in.getTop(), barWidth, h);
        double canvasWidth = Math.max(0, w - barWidth);
        canvas.relocate(in.getLeft(), in.getTop());
        canvas.setWidth(canvasWidth);
        canvas.setHeight(h);

        columns = Math.max(1, (int) ((canvasWidth - GAP) / (painter.width() + GAP)));
        int rows = (order.length + columns - 1) / columns;
        double content = GAP + rows * rowHeight();
        double max = Math.max(0, content - h);
        bar.setMax(max);
        bar.setVisibleAmount(max <= 0 ? 1 : max * h / content);
        bar.setUnitIncrement(rowHeight() / 4);
        bar.setBlockIncrement(Math.max(rowHeight(), h - rowHeight()));
        bar.setDisable(max <= 0);
        if (bar.getValue() > max) {
            bar.setValue(max);
        }
        draw();
    }

    /**
     * The screen position of the centre of the tile at {@code pos} of the order, or null when that tile is
     * not wholly on screen (for the window test, which clicks it).
     */
    Point2D tileCentreOnScreen(int pos) {
        double x = GAP + (pos % Math.max(1, columns)) * (painter.width() + GAP);
        double y = GAP + (pos / Math.max(1, columns)) * rowHeight() - bar.getValue();
        if (pos < 0 || pos >= order.length || y < 0 || y + painter.height() > canvas.getHeight()) {
            return null;
        }
        return canvas.localToScreen(x + painter.width() / 2, y + painter.height() / 2);
    }

    /** Index into the order of the tile at canvas coordinates (x, y), or -1 between tiles or past the end. */
    private int positionAt(double x, double y) {
        double column = (x - GAP) / (painter.width() + GAP);
        double row = (y + bar.getValue() - GAP) / rowHeight();
        if (column < 0 || row < 0 || column >= columns) {
            return -1;
        }
        boolean onTile = (column - Math.floor(column)) * (painter.width() + GAP) <= painter.width()
                && (row - Math.floor(row)) * rowHeight() <= painter.height();
        int pos = (int) row * columns + (int) column;
        return onTile && pos < order.length ? pos : -1;
    }

    private void draw() {
        dirty = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (dataset == null) {
            return;
        }
        double rowHeight = rowHeight();
        double top = bar.getValue();
        int firstRow = (int) Math.max(0, (top - GAP) / rowHeight);
        int endRow = (int) Math.ceil((top + h - GAP) / rowHeight);
        int[] shown = order;
        // Published before the thumbnails are asked for, so the decoder never skips one that is on screen.
        firstShown = firstRow * columns;
        lastShown = Math.min(shown.length, endRow * columns) - 1;
        for (int pos = firstShown; pos <= lastShown; pos++) {
            int index = shown[pos];
            if (index < dataset.size()) {
                int row = pos / columns;
                int column = pos % columns;
                int wanted = pos;
                Image image = cache.get(index, () -> isShown(shown, wanted), decoded -> markDirty());
                painter.paint(g, GAP + column * (painter.width() + GAP), GAP + row * rowHeight - top,
                        dataset.row(index), image, index == selected);
            }
        }
    }

    /** Decoder thread: whether the tile at {@code pos} of {@code orderThen} is still on screen. */
    private boolean isShown(int[] orderThen, int pos) {
        return orderThen == shownOrder && pos >= firstShown && pos <= lastShown;
    }
}
