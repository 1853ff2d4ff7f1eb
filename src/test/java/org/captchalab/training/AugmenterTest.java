package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.captchalab.dataset.ImageSize;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static byte[] stripes(ImageSize s) {
        byte[] img = new byte[s.width() * s.height() * 3];
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                byte v = (byte) ((x / 4) % 2 == 0 ? 30 : 220);
                for (int c = 0; c < 3; c++) {
                    img[(y * s.width() + x) * 3 + c] = v;
                }
            }
        }
        return img;
    }

    @Test
    void changesTheImageButKeepsItsSizeAndIsSeeded() {
        ImageSize size = new ImageSize(129, 53);
        Augmenter a = Augmenter.standard(size);
        byte[] src = stripes(size);
        byte[] one = a.augment(src, new Random(5));
        byte[] two = a.augment(src, new Random(5));
        byte[] three = a.augment(src, new Random(6));
        assertThat(one).hasSize(src.length).isEqualTo(two).isNotEqualTo(src).isNotEqualTo(three);
        int close = 0;
        for (int i = 0; i < src.length; i++) {
            close += Math.abs((one[i] & 0xff) - (src[i] & 0xff)) < 100 ? 1 : 0;
        }
        assertThat(close).as("a small distortion keeps most pixels near their value").isGreaterThan(src.length / 2);
    }

    @Test
    void previewGivesTheRequestedNumberOfDistinctSamples() {
        ImageSize size = new ImageSize(40, 20);
        List<byte[]> grid = Augmenter.standard(size).preview(stripes(size), 6, 1);
        assertThat(grid).hasSize(6);
        assertThat(grid.get(0)).isNotEqualTo(grid.get(1));
        assertThat(Augmenter.standard(size).preview(stripes(size), 6, 1).get(3)).isEqualTo(grid.get(3));
    }
}
