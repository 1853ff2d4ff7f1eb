package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageTensorsTest {

    static {
        Nd4jTestSupport.init();
    }

    @Test
    void everyByteLandsAtItsNhwcPlaceScaledToOne() {
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 11, 9, 2, 3);
        Random r = new Random(4);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] b = new byte[spec.pixelsPerImage()];
            r.nextBytes(b);
            images.add(b);
        }
        images.get(0)[0] = (byte) 255;
        images.get(0)[1] = 0;
        INDArray x = ImageTensors.images(images, spec);
        assertThat(x.shape()).containsExactly(3, 9, 11, 3);
        assertThat(x.dataType()).isEqualTo(DataType.FLOAT);
        for (int i = 0; i < 3; i++) {
            for (int y = 0; y < 9; y++) {
                for (int col = 0; col < 11; col++) {
                    for (int c = 0; c < 3; c++) {
                        int expected = images.get(i)[(y * 11 + col) * 3 + c] & 0xff;
                        assertThat(x.getFloat(i, y, col, c)).isEqualTo(expected / 255f, org.assertj.core.api.Assertions.within(1e-6f));
                    }
                }
            }
        }
        assertThat(x.getFloat(0, 0, 0, 0)).isEqualTo(1f);
        assertThat(x.getFloat(0, 0, 0, 1)).isZero();
    }

    @Test
    void aWrongSizedImageIsRefusedWithTheSizes() {
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 11, 9, 2, 3);
        assertThatThrownBy(() -> ImageTensors.images(List.of(new byte[spec.pixelsPerImage()], new byte[10]), spec))
                .hasMessageContaining("10 bytes").hasMessageContaining("11x9");
    }

    @Test
    void labelsAreOneHotPerPosition() {
        INDArray[] y = ImageTensors.labels(List.of("ab", "ca"), new Alphabet("abc"), 2);
        assertThat(y).hasSize(2);
        assertThat(y[0].toFloatMatrix()).isEqualTo(new float[][] {{1, 0, 0}, {0, 0, 1}});
        assertThat(y[1].toFloatMatrix()).isEqualTo(new float[][] {{0, 1, 0}, {1, 0, 0}});
    }
}
