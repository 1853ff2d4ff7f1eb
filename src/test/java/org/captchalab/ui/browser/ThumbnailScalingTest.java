package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Thumbnails are scaled to display size by pixel replication on the decoder thread. */
class ThumbnailScalingTest {

    @Test
    void doublingReplicatesEachPixelIntoATwoByTwoBlock() {
        int[] src = {1, 2,
                     3, 4};
        assertThat(ThumbnailCache.nearest(src, 2, 2, 4, 4)).containsExactly(
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4);
    }

    @Test
    void oneAndAHalfTimesPicksTheNearestSourcePixelToTheLeftAndAbove() {
        int[] src = {1, 2};
        assertThat(ThumbnailCache.nearest(src, 2, 1, 3, 1)).containsExactly(1, 1, 2);
        int[] wide = {10, 20, 30, 40};
        assertThat(ThumbnailCache.nearest(wide, 4, 1, 6, 2)).containsExactly(10, 10, 20, 30, 30, 40, 10, 10, 20, 30, 30, 40);
    }

    @Test
    void shrinkingDropsPixels() {
        int[] src = {1, 2, 3, 4};
        assertThat(ThumbnailCache.nearest(src, 4, 1, 2, 1)).containsExactly(1, 3);
    }
}
