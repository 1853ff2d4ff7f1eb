package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.Preset;
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

    private static long distance(byte[] a, byte[] b) {
        long d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return d;
    }

    /** A left-to-right grey ramp: unlike stripes, it moves further from itself the further it is moved. */
    private static byte[] ramp(ImageSize s) {
        byte[] img = new byte[s.width() * s.height() * 3];
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) ((i / 3 % s.width()) * 255 / (s.width() - 1));
        }
        return img;
    }

    @Test
    void strengthScalesTheDistortionFromNoneUpAndIsBounded() {
        ImageSize size = new ImageSize(129, 53);
        byte[] src = ramp(size);
        assertThat(Augmenter.standard(size, 0).augment(src, new Random(5))).as("strength 0 is the identity").isEqualTo(src);
        long mild = 0;
        long strong = 0;
        for (int seed = 0; seed < 20; seed++) {
            mild += distance(src, Augmenter.standard(size, 1).augment(src, new Random(seed)));
            strong += distance(src, Augmenter.standard(size, 2).augment(src, new Random(seed)));
        }
        assertThat(strong).as("the same draws, twice the ranges").isGreaterThan(mild + mild / 4);
        // strength 1 is the documented standard: 3 px at 129 wide, 5 degrees, 8 %, noise sigma 6
        assertThat(Augmenter.standard(size, 1).augment(src, new Random(5)))
                .isEqualTo(new Augmenter(size, 3, 5, 0.08, 6).augment(src, new Random(5)));
        assertThatThrownBy(() -> Augmenter.standard(size, 4.5))
                .hasMessageContaining("between 0 and 4");
        assertThatThrownBy(() -> TrainingConfig.defaults(Preset.SEED).withAugmentStrength(-1))
                .hasMessageContaining("between 0 and 4");
        TrainingConfig c = TrainingConfig.defaults(Preset.SEED).withAugmentStrength(2);
        assertThat(c.augment()).isTrue();
        assertThat(c.asMap()).containsEntry("augment", true).containsEntry("augment_strength", 2.0);
        assertThat(c.withAugment(false).augment()).isFalse();
    }
}
