package org.captchalab.ui.browser;

import java.awt.image.BufferedImage;
import java.nio.IntBuffer;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.shared.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded thumbnails, bounded by bytes (least recently used dropped first), decoded on one daemon thread and
 * kept in native memory ({@link ThumbnailSlots}), from where the grid copies the ones on screen into its frame.
 *
 * <p>Requests are served newest first (a LIFO deque), so while the user scrolls fast the cells on screen now
 * are decoded before the ones that scrolled past; a request whose cell has since moved on is skipped
 * ({@code stillWanted} is asked just before decoding). The slots are touched on the FX thread only.
 */
public final class ThumbnailCache {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailCache.class);
    private static final int MAX_PENDING = 512;

    private record Request(int index, BooleanSupplier stillWanted, Runnable onFx) {
    }

    private final Workspace workspace;
    private final int width;
    private final int height;
    private final ThumbnailSlots slots;
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
        this.width = width;
        this.height = height;
        this.slots = new ThumbnailSlots(width, height, maxBytes);
        worker = BackgroundThreads.create("thumbnail-decoder", this::decodeLoop);
        worker.start();
    }

    /**
     * FX thread: copies the thumbnail of image {@code index} into a {@code targetWidth x targetHeight} frame of
     * premultiplied ARGB pixels at ({@code x}, {@code y}) and returns true; or, when it is not decoded yet,
     * queues a decode that runs {@code onFx} on the FX thread once it is stored, and returns false.
     */
    public boolean copyTo(int index, IntBuffer target, int targetWidth, int targetHeight, int x, int y,
            BooleanSupplier stillWanted, Runnable onFx) {
        if (slots.copyTo(index, target, targetWidth, targetHeight, x, y)) {
            return true;
        }
        request(index, stillWanted, onFx);
        return false;
    }

    private void request(int index, BooleanSupplier stillWanted, Runnable onFx) {
        if (closed || !queued.add(index)) {
            return; // already waiting for the decoder; the grid redraws every frame until it comes
        }
        pending.addFirst(new Request(index, stillWanted, onFx));
        while (pending.size() > MAX_PENDING) {
            Request dropped = pending.pollLast();
            if (dropped != null) {
                queued.remove(dropped.index());
            }
        }
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
                int[] pixels = displayPixels(workspace.image(r.index()), width, height);
                Platform.runLater(() -> {
                    if (!closed) {
                        slots.put(r.index(), pixels);
                    }
                    queued.remove(r.index());
                    r.onFx().run();
                });
            } catch (Exception e) {
                // Left in "queued": an image that cannot be decoded is not tried again on every frame.
                LOG.debug("thumbnail {} not decoded: {}", r.index(), e.toString());
            }
        }
    }

    /**
     * The image at display size as premultiplied ARGB, scaled here by pixel replication. The grid then copies
     * it 1:1: with the software renderer (no GPU, e.g. a remote X display) drawing scaled images took most of
     * the render thread's time while scrolling.
     */
    static int[] displayPixels(BufferedImage source, int width, int height) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        int[] argb = nearest(source.getRGB(0, 0, sw, sh, null, 0, sw), sw, sh, width, height);
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ThumbnailSlots.premultiply(argb[i]);
        }
        return argb;
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

    public int size() {
        return slots.size();
    }

    public void close() {
        closed = true;
        worker.interrupt();
        pending.clear();
    }
}
