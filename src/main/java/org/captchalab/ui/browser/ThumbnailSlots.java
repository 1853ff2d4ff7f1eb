package org.captchalab.ui.browser;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pixels of decoded thumbnails, all of one size, in fixed slots of native memory (made in blocks of
 * {@value #SLOTS_PER_BLOCK} slots as they are first needed), the least recently used given up first when all
 * slots are taken.
 *
 * <p>Native rather than Java arrays or {@code Image}s because of the garbage collector: scrolling fast through a
 * large dataset decodes hundreds of thumbnails a second, each lives in the cache for a few seconds, so on the
 * Java heap every young collection copied tens of megabytes of them (a 53 ms pause, measured, while a run was
 * training) and promoted them to an old generation they then died in. Here, a thumbnail costs the heap nothing
 * once it is stored. Not thread-safe: the grid uses it on the FX thread only.
 */
final class ThumbnailSlots {

    /** Slots per block of native memory: blocks are made as slots are first needed, not all at once. */
    static final int SLOTS_PER_BLOCK = 64;

    private final int width;
    private final int height;
    private final int capacity;
    private final IntBuffer[] blocks;
    private final LinkedHashMap<Integer, Integer> slotOf = new LinkedHashMap<>(256, 0.75f, true);
    private final int[] free;
    private int freeCount;

    /** Room for {@code maxBytes / (width * height * 4)} thumbnails of {@code width x height}, at least one. */
    ThumbnailSlots(int width, int height, long maxBytes) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("thumbnail size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        long perSlot = (long) width * height * 4;
        this.capacity = (int) Math.max(1, Math.min(maxBytes / perSlot, Integer.MAX_VALUE / perSlot));
        this.blocks = new IntBuffer[(capacity + SLOTS_PER_BLOCK - 1) / SLOTS_PER_BLOCK];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return slotOf.size();
    }

    boolean contains(int index) {
        return slotOf.containsKey(index);
    }

    /**
     * Stores the thumbnail of image {@code index}: {@code width * height} premultiplied ARGB pixels, row by row.
     * Replaces an earlier one of the same index; takes the least recently used slot when none is free.
     */
    void put(int index, int[] argbPre) {
        if (argbPre.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + argbPre.length);
        }
        Integer slot = slotOf.get(index);
        if (slot == null) {
            if (freeCount == 0) {
                Iterator<Map.Entry<Integer, Integer>> eldest = slotOf.entrySet().iterator();
                free[freeCount++] = eldest.next().getValue();
                eldest.remove();
            }
            slot = free[--freeCount];
            slotOf.put(index, slot);
        }
        block(slot).put(offsetInBlock(slot), argbPre);
    }

    /**
     * The block of native memory that holds {@code slot}, made when first needed. Slots are handed out lowest
     * first, so a small dataset never makes more than it uses, and opening a large one does not zero 96 MB on
     * the FX thread at once (one block is a few megabytes).
     */
    private IntBuffer block(int slot) {
        int b = slot / SLOTS_PER_BLOCK;
        if (blocks[b] == null) {
            int slots = Math.min(SLOTS_PER_BLOCK, capacity - b * SLOTS_PER_BLOCK);
            blocks[b] = ByteBuffer.allocateDirect(slots * width * height * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
        }
        return blocks[b];
    }

    /** Where {@code slot}'s pixels start in its block. */
    private int offsetInBlock(int slot) {
        return (slot % SLOTS_PER_BLOCK) * width * height;
    }

    /** Blocks of native memory made so far (for the test). */
    int blocksMade() {
        int n = 0;
        for (IntBuffer b : blocks) {
            n += b == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Copies the thumbnail of image {@code index} into {@code target}, a {@code targetWidth x targetHeight}
     * row-major pixel area, with its top-left corner at ({@code x}, {@code y}); the parts outside the area are
     * left out. Returns false (and copies nothing) when the thumbnail is not stored; a stored one becomes the
     * most recently used.
     */
    boolean copyTo(int index, IntBuffer target, int targetWidth, int targetHeight, int x, int y) {
        Integer slot = slotOf.get(index);
        if (slot == null) {
            return false;
        }
        int from = Math.max(0, -x);
        int to = Math.min(width, targetWidth - x);
        if (from >= to) {
            return true;
        }
        IntBuffer pixels = block(slot);
        int base = offsetInBlock(slot);
        for (int row = Math.max(0, -y); row < height && y + row < targetHeight; row++) {
            target.put((y + row) * targetWidth + x + from, pixels, base + row * width + from, to - from);
        }
        return true;
    }

    /** Makes an opaque-or-translucent ARGB pixel premultiplied, as JavaFX's {@code PixelBuffer} expects. */
    static int premultiply(int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            return argb;
        }
        if (a == 0) {
            return 0;
        }
        int r = ((argb >> 16) & 0xff) * a / 255;
        int g = ((argb >> 8) & 0xff) * a / 255;
        int b = (argb & 0xff) * a / 255;
        return (a << 24) | (r << 16) | (g << 8) | b;
    }
}
