package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.Test;

/** Test-time augmentation: the shifted views and the predictor that averages them. */
class TestTimeShiftsTest {

    static {
        Nd4jTestSupport.init();
    }

    /** A 4x3 image whose pixel (x, y) has the bytes (10y + x, 100 + x, 200 + y). */
    private static byte[] ramp(int w, int h) {
        byte[] b = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                b[i] = (byte) (10 * y + x);
                b[i + 1] = (byte) (100 + x);
                b[i + 2] = (byte) (200 + y);
            }
        }
        return b;
    }

    private static int[] pixel(byte[] img, int w, int x, int y) {
        int i = (y * w + x) * 3;
        return new int[] {img[i] & 0xff, img[i + 1] & 0xff, img[i + 2] & 0xff};
    }

    @Test
    void aShiftMovesThePictureAndRepeatsTheEdgeIntoTheStripItUncovers() {
        byte[] img = ramp(4, 3);
        byte[] right = TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(1, 0));
        for (int y = 0; y < 3; y++) {
            assertThat(pixel(right, 4, 0, y)).as("uncovered column repeats column 0").isEqualTo(pixel(img, 4, 0, y));
            for (int x = 1; x < 4; x++) {
                assertThat(pixel(right, 4, x, y)).isEqualTo(pixel(img, 4, x - 1, y));
            }
        }
        byte[] upLeft = TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(-2, -1));
        assertThat(pixel(upLeft, 4, 0, 0)).isEqualTo(pixel(img, 4, 2, 1));
        assertThat(pixel(upLeft, 4, 1, 1)).isEqualTo(pixel(img, 4, 3, 2));
        assertThat(pixel(upLeft, 4, 3, 2)).as("bottom-right corner repeats the last pixel").isEqualTo(pixel(img, 4, 3, 2));
        assertThat(pixel(upLeft, 4, 2, 0)).isEqualTo(pixel(img, 4, 3, 1));
        byte[] down = TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(0, 2));
        assertThat(pixel(down, 4, 1, 0)).isEqualTo(pixel(img, 4, 1, 0));
        assertThat(pixel(down, 4, 1, 1)).isEqualTo(pixel(img, 4, 1, 0));
        assertThat(pixel(down, 4, 1, 2)).isEqualTo(pixel(img, 4, 1, 0));
    }

    @Test
    void shiftsBeyondTheWidthFillWithTheEdgeAndZeroIsTheSameArray() {
        byte[] img = ramp(4, 3);
        assertThat(TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(0, 0))).isSameAs(img);
        byte[] far = TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(9, 0));
        byte[] farLeft = TestTimeShifts.shifted(img, 4, 3, new TestTimeShifts.Shift(-9, 0));
        for (int x = 0; x < 4; x++) {
            assertThat(pixel(far, 4, x, 1)).isEqualTo(pixel(img, 4, 0, 1));
            assertThat(pixel(farLeft, 4, x, 1)).isEqualTo(pixel(img, 4, 3, 1));
        }
        assertThatThrownBy(() -> TestTimeShifts.shifted(new byte[10], 4, 3, new TestTimeShifts.Shift(1, 0)))
                .hasMessageContaining("4x3");
    }

    @Test
    void theCrossHasTheImageAndFourShiftsPerPixelOfReach() {
        assertThat(TestTimeShifts.NONE.views()).isEqualTo(1);
        assertThat(TestTimeShifts.CROSS.views()).isEqualTo(9);
        assertThat(TestTimeShifts.CROSS.shifts()).contains(new TestTimeShifts.Shift(0, 0), new TestTimeShifts.Shift(-2, 0),
                new TestTimeShifts.Shift(2, 0), new TestTimeShifts.Shift(0, -1), new TestTimeShifts.Shift(0, 2)).doesNotHaveDuplicates();
        assertThat(TestTimeShifts.cross(0)).isEqualTo(TestTimeShifts.NONE);
        assertThat(TestTimeShifts.cross(3).views()).isEqualTo(13);
        assertThatThrownBy(() -> TestTimeShifts.cross(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePredictorAveragesTheProbabilitiesOfTheShiftedViews() {
        NativeLibraries.load();
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 11, 1e-3);
        // more than one batch of 128, so the lanes run the views too
        List<byte[]> images = CaptchaNetworkTest.randomImages(140, spec, 4);
        TestTimeShifts views = TestTimeShifts.cross(1);
        List<SequencePrediction> averaged = new Predictor(net.copy(), Alphabet.LOWERCASE).withShifts(views).predict(images);

        // the reference: every view through the network, probabilities averaged by hand
        HandProbabilities.assertReads(averaged, HandProbabilities.of(net, images, 1.0, views));
        List<SequencePrediction> plain = new Predictor(net.copy(), Alphabet.LOWERCASE).predict(images);
        int differ = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < 4; p++) {
                differ += Math.abs(averaged.get(i).positions().get(p).probability()
                        - plain.get(i).positions().get(p).probability()) > 1e-4 ? 1 : 0;
            }
        }
        assertThat(differ).as("averaging changed the probabilities").isGreaterThan(100);
    }
}
