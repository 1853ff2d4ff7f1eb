package org.captchalab.ui.browser;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.shared.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded thumbnails, bounded by bytes (least recently used dropped first), decoded on one daemon thread.
 *
 * <p>Requests are served newest first (a LIFO deque), so while the user scrolls fast the cells on screen now
 * are decoded before the ones that scrolled past; a request whose cell has since moved on is skipped
 * ({@code stillWanted} is asked just before decoding). The map is touched on the FX thread only.
 */
public final class ThumbnailCache {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailCache.class);
    private static final int MAX_PENDING = 512;

    private record Request(int index, BooleanSupplier stillWanted, Consumer<Image> onFx) {
    }

    private final Workspace workspace;
    private final long maxBytes;
    private final int width;
    private final int height;
    private long bytes;
    private final LinkedHashMap<Integer, Image> images = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedBlockingDeque<Request> pending = new LinkedBlockingDeque<>();
    /**
     * Indices waiting for (or being decoded by) the decoder, or that failed to decode, so that a grid redrawn
     * every frame does not queue them again.
     */
    private final java.util.Set<Integer> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param width  the width the grid shows thumbnails at; images are decoded and scaled to it here
     * @param height the height the grid shows thumbnails at
     */
    public ThumbnailCache(Workspace workspace, long maxBytes, int width, int height) {
        this.workspace = workspace;
        this.maxBytes = maxBytes;
        this.width = width;
        this.height = height;
        worker = BackgroundThreads.create("thumbnail-decoder", this::decodeLoop);
        worker.start();
    }

    /** FX thread: the cached image, or null after queueing a decode that will call {@code onFx} later. */
    public Image get(int index, BooleanSupplier stillWanted, Consumer<Image> onFx) {
        Image img = images.get(index);
        if (img != null) {
            return img;
        }
        if (!queued.add(index)) {
            return null; // already waiting for the decoder; the grid redraws every frame until it comes
        }
        pending.addFirst(new Request(index, stillWanted, onFx));
        while (pending.size() > MAX_PENDING) {
            Request dropped = pending.pollLast();
            if (dropped != null) {
                queued.remove(dropped.index());
            }
        }
        return null;
    }

    private void decodeLoop() {
        while (!closed) {
            Request r;
            try {
                r = pending.pollFirst(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
            }
            if (!r.stillWanted().getAsBoolean()) {
                queued.remove(r.index());
                continue;
            }
            try {
                Image img = displayImage(workspace.image(r.index()), width, height);
                Platform.runLater(() -> {
                    put(r.index(), img);
                    queued.remove(r.index());
                    r.onFx().accept(img);
                });
            } catch (Exception e) {
                // Left in "queued": an image that cannot be decoded is not tried again on every frame.
                LOG.debug("thumbnail {} not decoded: {}", r.index(), e.toString());
            }
        }
    }

    /**
     * The image at display size, scaled here by pixel replication. The grid then draws it 1:1: with the
     * software renderer (no GPU, e.g. a remote X display) drawing scaled images took most of the render
     * thread's time while scrolling.
     */
    static Image displayImage(BufferedImage source, int width, int height) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        int[] argb = nearest(source.getRGB(0, 0, sw, sh, null, 0, sw), sw, sh, width, height);
        WritableImage img = new WritableImage(width, height);
        img.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return img;
    }

    /** Nearest-neighbour scaling of packed pixels from {@code sw x sh} to {@code w x h} (row-major). */
    static int[] nearest(int[] pixels, int sw, int sh, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int from = (int) ((long) y * sh / h) * sw;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = pixels[from + (int) ((long) x * sw / w)];
            }
        }
        return out;
    }

    private void put(int index, Image img) {
        if (images.put(index, img) == null) {
            bytes += cost(img);
        }
        var it = images.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Integer, Image> eldest = it.next();
            bytes -= cost(eldest.getValue());
            it.remove();
        }
    }

    private static long cost(Image img) {
        return (long) img.getWidth() * (long) img.getHeight() * 4;
    }

    public int size() {
        return images.size();
    }

    public void close() {
        closed = true;
        worker.interrupt();
        pending.clear();
    }
}
