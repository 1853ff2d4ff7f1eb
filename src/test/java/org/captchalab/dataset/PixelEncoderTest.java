package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PixelEncoderTest {

    @Test
    void sameSizeCopiesRgbInHwcOrder() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 0, 0x102030);
        img.setRGB(2, 1, 0xFF8001);
        byte[] b = PixelEncoder.rgb(img, new ImageSize(3, 2));
        assertThat(b).hasSize(3 * 2 * 3);
        assertThat(new int[] {b[3] & 0xff, b[4] & 0xff, b[5] & 0xff}).containsExactly(0x10, 0x20, 0x30);
        int o = (1 * 3 + 2) * 3;
        assertThat(new int[] {b[o] & 0xff, b[o + 1] & 0xff, b[o + 2] & 0xff}).containsExactly(0xFF, 0x80, 0x01);
    }

    @Test
    void bilinearResizeAveragesNeighbours() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x000000);
        img.setRGB(1, 0, 0xC8C8C8);
        byte[] one = PixelEncoder.rgb(img, new ImageSize(1, 1));
        assertThat(one[0] & 0xff).isEqualTo(100);
        byte[] four = PixelEncoder.rgb(img, new ImageSize(4, 1));
        assertThat(new int[] {four[0] & 0xff, four[3] & 0xff, four[6] & 0xff, four[9] & 0xff})
                .containsExactly(0, 50, 150, 200);
        byte[] big = PixelEncoder.rgb(new CaptchaGenerator(1).generate(0).image(), new ImageSize(90, 30));
        assertThat(big).hasSize(90 * 30 * 3);
    }

    @Test
    void transparentPixelsBecomeWhite() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00000000);
        assertThat(PixelEncoder.rgb(img, new ImageSize(1, 1))).containsExactly((byte) 255, (byte) 255, (byte) 255);
    }
}
