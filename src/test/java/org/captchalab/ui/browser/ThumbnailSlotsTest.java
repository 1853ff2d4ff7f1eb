package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.IntBuffer;
import org.junit.jupiter.api.Test;

class ThumbnailSlotsTest {

    /** A 3x2 thumbnail whose pixels are {@code base + 0..5}, row by row. */
    private static int[] thumb(int base) {
        int[] p = new int[6];
        for (int i = 0; i < p.length; i++) {
            p[i] = base + i;
        }
        return p;
    }

    private static int[] frame(int width, int height, ThumbnailSlots slots, int index, int x, int y, boolean[] found) {
        IntBuffer target = IntBuffer.allocate(width * height);
        found[0] = slots.copyTo(index, target, width, height, x, y);
        return target.array();
    }

    @Test
    void capacityComesFromTheByteBound() {
        assertThat(new ThumbnailSlots(3, 2, 3 * 2 * 4 * 5).capacity()).isEqualTo(5);
        assertThat(new ThumbnailSlots(3, 2, 3 * 2 * 4 * 5 + 23).capacity()).isEqualTo(5);
        assertThat(new ThumbnailSlots(3, 2, 1).capacity()).isEqualTo(1);
    }

    @Test
    void copiesIntoTheFrameAtItsPlace() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 1 << 10);
        slots.put(7, thumb(10));
        boolean[] found = new boolean[1];
        int[] f = frame(5, 4, slots, 7, 1, 2, found);
        assertThat(found[0]).isTrue();
        assertThat(f).containsExactly(
                0, 0, 0, 0, 0,
                0, 0, 0, 0, 0,
                0, 10, 11, 12, 0,
                0, 13, 14, 15, 0);
    }

    @Test
    void leavesOutWhatFallsOutsideTheFrame() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 1 << 10);
        slots.put(1, thumb(10));
        boolean[] found = new boolean[1];
        // half above and one column left of the frame
        assertThat(frame(3, 2, slots, 1, -1, -1, found)).containsExactly(
                14, 15, 0,
                0, 0, 0);
        // past the right and bottom edges
        assertThat(frame(3, 2, slots, 1, 2, 1, found)).containsExactly(
                0, 0, 0,
                0, 0, 10);
        // wholly outside: nothing written, but it is stored
        assertThat(frame(3, 2, slots, 1, 3, 0, found)).containsOnly(0);
        assertThat(found[0]).isTrue();
    }

    @Test
    void unknownImageCopiesNothing() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 1 << 10);
        boolean[] found = {true};
        assertThat(frame(3, 2, slots, 4, 0, 0, found)).containsOnly(0);
        assertThat(found[0]).isFalse();
    }

    @Test
    void fullSlotsGiveUpTheLeastRecentlyUsed() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 3 * 2 * 4 * 3);
        slots.put(1, thumb(100));
        slots.put(2, thumb(200));
        slots.put(3, thumb(300));
        boolean[] found = new boolean[1];
        frame(3, 2, slots, 1, 0, 0, found); // 1 is now the most recently used; 2 the least
        slots.put(4, thumb(400));
        assertThat(slots.size()).isEqualTo(3);
        assertThat(slots.contains(2)).isFalse();
        assertThat(frame(3, 2, slots, 1, 0, 0, found)).containsExactly(100, 101, 102, 103, 104, 105);
        assertThat(frame(3, 2, slots, 3, 0, 0, found)).containsExactly(300, 301, 302, 303, 304, 305);
        assertThat(frame(3, 2, slots, 4, 0, 0, found)).containsExactly(400, 401, 402, 403, 404, 405);
    }

    @Test
    void storingAnImageAgainReplacesItsPixels() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 3 * 2 * 4 * 2);
        slots.put(1, thumb(100));
        slots.put(1, thumb(500));
        slots.put(2, thumb(200));
        boolean[] found = new boolean[1];
        assertThat(slots.size()).isEqualTo(2);
        assertThat(frame(3, 2, slots, 1, 0, 0, found)).containsExactly(500, 501, 502, 503, 504, 505);
    }

    @Test
    void refusesPixelsOfAnotherSize() {
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, 1 << 10);
        assertThatThrownBy(() -> slots.put(1, new int[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void premultipliesTranslucentPixels() {
        assertThat(ThumbnailSlots.premultiply(0xFF123456)).isEqualTo(0xFF123456);
        assertThat(ThumbnailSlots.premultiply(0x00FFFFFF)).isEqualTo(0);
        assertThat(ThumbnailSlots.premultiply(0x80FF4000)).isEqualTo(0x80802000);
    }

    @Test
    void makesNativeMemoryOnlyForTheSlotsInUse() {
        int perSlot = 3 * 2 * 4;
        ThumbnailSlots slots = new ThumbnailSlots(3, 2, (long) perSlot * ThumbnailSlots.SLOTS_PER_BLOCK * 3);
        assertThat(slots.blocksMade()).isZero();
        slots.put(1, thumb(100));
        assertThat(slots.blocksMade()).isEqualTo(1);
        for (int i = 0; i < ThumbnailSlots.SLOTS_PER_BLOCK; i++) {
            slots.put(1000 + i, thumb(i));
        }
        // 65 images: the second block holds the last one
        assertThat(slots.blocksMade()).isEqualTo(2);
        boolean[] found = new boolean[1];
        assertThat(frame(3, 2, slots, 1, 0, 0, found)).containsExactly(100, 101, 102, 103, 104, 105);
        int last = 1000 + ThumbnailSlots.SLOTS_PER_BLOCK - 1;
        int base = ThumbnailSlots.SLOTS_PER_BLOCK - 1;
        assertThat(frame(3, 2, slots, last, 0, 0, found)).containsExactly(base, base + 1, base + 2, base + 3, base + 4, base + 5);
    }
}
