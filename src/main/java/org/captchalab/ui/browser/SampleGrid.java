package org.captchalab.ui.browser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
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
 *
 * <p>The thumbnails on screen are copied into one frame image the size of the canvas, over native memory, and
 * the canvas draws that image once over the tiles. (With one {@code Image} per thumbnail, the software
 * renderer kept a texture, a Java array, for each, and scrolling fast made the garbage collector copy tens of
 * megabytes of them per young collection.) There are two frame images, used in turn by the pulses that draw
 * (however often one pulse draws), so the one written during a pulse is never the one the render thread may
 * still be drawing from the last pulse that drew. (A layout forced between pulses could still write the frame
 * being drawn: at worst one torn frame, the race every {@code WritableImage} written on the FX thread has.)
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
    /** The tag each tile shows (a sample index to its tag, or null for none); null when no tile has one. */
    private java.util.function.IntFunction<SampleFilter.Tag> tags;
    /** What is on screen, read by the decoder thread to skip thumbnails that have scrolled away. */
    private volatile int[] shownOrder = order;
    private volatile int firstShown;
    private volatile int lastShown = -1;
    private final Frame[] frames = new Frame[2];
    private int nextFrame;
    /** Pulses seen (by the pre-layout listener), and the pulse of the last draw into a frame image. */
    private long pulse;
    private long frameDrawnInPulse = -1;

    /**
     * A frame image of premultiplied ARGB pixels in native memory; transparent where there is no thumbnail. It
     * remembers where it holds thumbnails, so that making it transparent again touches only those pixels.
     */
    private static final class Frame {
        final int width;
        final int height;
        final IntBuffer pixels;
        final PixelBuffer<IntBuffer> buffer;
        final WritableImage image;
        final int[] blankRow;
        /** x, y, width, height of each thumbnail written since the last {@link #clear}. */
        private int[] written = new int[4 * 64];
        private int writtenCount;

        Frame(int width, int height) {
            this.width = width;
            this.height = height;
            pixels = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            buffer = new PixelBuffer<>(width, height, pixels, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
            blankRow = new int[width];
        }

        void wrote(int x, int y, int w, int h) {
            if (4 * writtenCount + 4 > written.length) {
                written = java.util.Arrays.copyOf(written, written.length * 2);
            }
            int i = 4 * writtenCount++;
            written[i] = x;
            written[i + 1] = y;
            written[i + 2] = w;
            written[i + 3] = h;
        }

        void clear() {
            for (int i = 0; i < 4 * writtenCount; i += 4) {
                int x0 = Math.max(0, written[i]);
                int x1 = Math.min(width, written[i] + written[i + 2]);
                for (int y = Math.max(0, written[i + 1]); y < Math.min(height, written[i + 1] + written[i + 3]); y++) {
                    pixels.put(y * width + x0, blankRow, 0, Math.max(0, x1 - x0));
                }
            }
            writtenCount = 0;
        }
    }

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

    /**
     * What each tile shows at the right of its label line (null: nothing), e.g. which run read it right, and the
     * reading it shows in place of the loaded model's (another run's, in a comparison).
     */
    void setTags(java.util.function.IntFunction<SampleFilter.Tag> tags) {
        this.tags = tags;
        markDirty();
    }

    /** The tag the tile at {@code pos} of the order shows, or null (for the view test). */
    SampleFilter.Tag tagAt(int pos) {
        return tags == null || pos < 0 || pos >= order.length ? null : tags.apply(order[pos]);
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

    /** Once per pulse, before its layout: counts the pulse, then draws the grid if it must be. */
    private void redrawIfDirty() {
        pulse++;
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
        double x = tileX(pos);
        double y = tileY(pos, bar.getValue());
        if (pos < 0 || pos >= order.length || y < 0 || y + painter.height() > canvas.getHeight()) {
            return null;
        }
        return canvas.localToScreen(x + painter.width() / 2, y + painter.height() / 2);
    }

    /**
     * Where the thumbnail of the tile at {@code pos} of the order is, in this grid's coordinates, or null when
     * it is not wholly on screen (for the window test, which compares the pixels there with the image file).
     */
    javafx.geometry.Rectangle2D thumbnailInGrid(int pos) {
        double top = Math.round(bar.getValue());
        double x = canvas.getLayoutX() + tileX(pos) + TilePainter.PAD;
        double y = canvas.getLayoutY() + tileY(pos, top) + TilePainter.PAD;
        double w = painter.imageWidth();
        double h = painter.imageHeight();
        if (pos < 0 || pos >= order.length || y < canvas.getLayoutY() || y + h > canvas.getLayoutY() + canvas.getHeight()) {
            return null;
        }
        return new javafx.geometry.Rectangle2D(x, y, w, h);
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
        // Whole pixels, so that the thumbnails copied into the frame line up with the tiles drawn around them.
        double top = Math.round(bar.getValue());
        int firstRow = (int) Math.max(0, (top - GAP) / rowHeight);
        int endRow = (int) Math.ceil((top + h - GAP) / rowHeight);
        int[] shown = order;
        // Published before the thumbnails are asked for, so the decoder never skips one that is on screen.
        firstShown = firstRow * columns;
        lastShown = Math.min(shown.length, endRow * columns) - 1;
        boolean[] thumbnailShown = new boolean[Math.max(0, lastShown - firstShown + 1)];
        Frame frame = frame((int) Math.ceil(w), (int) Math.ceil(h));
        if (frame != null) {
            frame.buffer.updateBuffer(b -> {
                frame.clear();
                for (int pos = firstShown; pos <= lastShown; pos++) {
                    int index = shown[pos];
                    if (index < dataset.size()) {
                        int wanted = pos;
                        int x = (int) Math.round(tileX(pos) + TilePainter.PAD);
                        int y = (int) Math.round(tileY(pos, top) + TilePainter.PAD);
                        boolean copied = cache.copyTo(index, frame.pixels, frame.width, frame.height, x, y,
                                () -> isShown(shown, wanted), this::markDirty);
                        if (copied) {
                            frame.wrote(x, y, painter.imageWidth(), painter.imageHeight());
                        }
                        thumbnailShown[pos - firstShown] = copied;
                    }
                }
                return null;
            });
        }
        for (int pos = firstShown; pos <= lastShown; pos++) {
            int index = shown[pos];
            if (index < dataset.size()) {
                painter.paint(g, tileX(pos), tileY(pos, top), dataset.row(index), thumbnailShown[pos - firstShown],
                        index == selected, tags == null ? null : tags.apply(index));
            }
        }
        if (frame != null) {
            // 1:1 here; on a scaled (HiDPI) screen, pixel replication keeps the captchas' pixels sharp.
            g.setImageSmoothing(false);
            g.drawImage(frame.image, 0, 0);
        }
    }

    private double tileX(int pos) {
        return GAP + (pos % columns) * (painter.width() + GAP);
    }

    private double tileY(int pos, double top) {
        return GAP + (pos / columns) * rowHeight() - top;
    }

    /**
     * The frame image to write this time, at least the canvas's size: sizes go up in steps of 64 pixels, so
     * that resizing the window by dragging does not make two new frames on every pulse.
     */
    private Frame frame(int width, int height) {
        if (width <= 0 || height <= 0) {
            return null;
        }
        Frame f = frames[0];
        if (f == null || f.width < width || f.height < height || f.width >= width + 128 || f.height >= height + 128) {
            int fw = (width + 63) / 64 * 64;
            int fh = (height + 63) / 64 * 64;
            frames[0] = new Frame(fw, fh);
            frames[1] = new Frame(fw, fh);
        }
        // The other frame, unless this pulse drew already: a pulse that draws changes the canvas, so JavaFX
        // waits for the render of the last drawing pulse (which used the other frame) before it syncs.
        if (frameDrawnInPulse != pulse) {
            nextFrame ^= 1;
            frameDrawnInPulse = pulse;
        }
        return frames[nextFrame];
    }

    /** Decoder thread: whether the tile at {@code pos} of {@code orderThen} is still on screen. */
    private boolean isShown(int[] orderThen, int pos) {
        return orderThen == shownOrder && pos >= firstShown && pos <= lastShown;
    }
}
