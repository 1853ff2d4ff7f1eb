package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Predictor#average}: an ensemble averages its members' calibrated probabilities. */
class EnsembleTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final NetworkSpec SPEC = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);

    /** {@code net}'s probabilities at temperature {@code t}, averaged over {@code views}: [image][position][class]. */
    private static double[][][] reference(CaptchaNetwork net, List<byte[]> images, double t, TestTimeShifts views) {
        double[][][] mean = new double[images.size()][SPEC.length()][SPEC.classes()];
        for (TestTimeShifts.Shift s : views.shifts()) {
            List<byte[]> shifted = new ArrayList<>();
            for (byte[] img : images) {
                shifted.add(TestTimeShifts.shifted(img, SPEC.width(), SPEC.height(), s));
            }
            INDArray[] probs = net.probabilities(ImageTensors.images(shifted, SPEC));
            for (int p = 0; p < SPEC.length(); p++) {
                for (int i = 0; i < images.size(); i++) {
                    for (int k = 0; k < SPEC.classes(); k++) {
                        mean[i][p][k] += probs[p].getDouble(i, k) / views.views();
                    }
                }
            }
        }
        // the temperature applies to the mean of the views, as Predictor does
        for (double[][] image : mean) {
            for (double[] row : image) {
                double sum = 0;
                for (int k = 0; k < row.length; k++) {
                    row[k] = Math.pow(row[k], 1 / t);
                    sum += row[k];
                }
                for (int k = 0; k < row.length; k++) {
                    row[k] /= sum;
                }
            }
        }
        return mean;
    }

    /** Checks that {@code got} picks the best class of {@code expected} (or one tied with it) at its probability. */
    private static void assertReads(List<SequencePrediction> got, double[][][] expected) {
        for (int i = 0; i < got.size(); i++) {
            for (int p = 0; p < SPEC.length(); p++) {
                PositionPrediction pp = got.get(i).positions().get(p);
                int best = 0;
                for (int k = 1; k < SPEC.classes(); k++) {
                    best = expected[i][p][k] > expected[i][p][best] ? k : best;
                }
                assertThat(expected[i][p][pp.best() - 'a']).as("image " + i + " position " + p)
                        .isCloseTo(expected[i][p][best], within(1e-6));
                assertThat(pp.probability()).as("image " + i + " position " + p).isCloseTo(expected[i][p][best], within(1e-5));
            }
        }
    }

    @Test
    void anEnsembleAveragesItsMembersProbabilitiesEachAtItsOwnTemperature() {
        NativeLibraries.load();
        CaptchaNetwork a = CaptchaNetwork.create(SPEC, 3, 1e-3);
        CaptchaNetwork b = CaptchaNetwork.create(SPEC, 4, 1e-3);
        // more than one batch of 128, so the members' lanes run too
        List<byte[]> images = CaptchaNetworkTest.randomImages(140, SPEC, 8);
        Predictor ensemble = Predictor.average(List.of(new Predictor(a.copy(), Alphabet.LOWERCASE),
                new Predictor(b.copy(), Alphabet.LOWERCASE, 0.25)));
        assertThat(ensemble.networks()).isEqualTo(2);
        assertThat(ensemble.temperature()).isEqualTo(1.0);

        double[][][] ra = reference(a, images, 1.0, TestTimeShifts.NONE);
        double[][][] rb = reference(b, images, 0.25, TestTimeShifts.NONE);
        double[][][] mean = new double[images.size()][SPEC.length()][SPEC.classes()];
        double apart = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < SPEC.length(); p++) {
                for (int k = 0; k < SPEC.classes(); k++) {
                    mean[i][p][k] = (ra[i][p][k] + rb[i][p][k]) / 2;
                    apart = Math.max(apart, Math.abs(ra[i][p][k] - rb[i][p][k]));
                }
            }
        }
        assertThat(apart).as("the two members must disagree for the test to mean anything").isGreaterThan(0.01);
        assertReads(ensemble.predict(images), mean);

        // every member reads the shifted views; the ensemble averages what each one makes of them
        TestTimeShifts views = TestTimeShifts.cross(1);
        double[][][] sa = reference(a, images.subList(0, 20), 1.0, views);
        double[][][] sb = reference(b, images.subList(0, 20), 0.25, views);
        for (int i = 0; i < 20; i++) {
            for (int p = 0; p < SPEC.length(); p++) {
                for (int k = 0; k < SPEC.classes(); k++) {
                    mean[i][p][k] = (sa[i][p][k] + sb[i][p][k]) / 2;
                }
            }
        }
        assertReads(ensemble.withShifts(views).predict(images.subList(0, 20)), mean);
    }

    @Test
    void aNetworkAveragedWithItsCopyReadsAsItDoesAlone() {
        NativeLibraries.load();
        CaptchaNetwork a = CaptchaNetwork.create(SPEC, 5, 1e-3);
        List<byte[]> images = CaptchaNetworkTest.randomImages(30, SPEC, 9);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            labels.add("abcd");
        }
        double[] alone = new double[images.size()];
        double[] twice = new double[images.size()];
        List<SequencePrediction> one = new Predictor(a.copy(), Alphabet.LOWERCASE).predict(images, labels, alone);
        List<SequencePrediction> two = Predictor.average(List.of(new Predictor(a.copy(), Alphabet.LOWERCASE),
                new Predictor(a.copy(), Alphabet.LOWERCASE))).predict(images, labels, twice);
        for (int i = 0; i < images.size(); i++) {
            assertThat(two.get(i).text()).isEqualTo(one.get(i).text());
            assertThat(twice[i]).isCloseTo(alone[i], within(1e-5));
        }
    }

    @Test
    void membersThatReadDifferentlyAreRefusedSayingHow() {
        NativeLibraries.load();
        Predictor base = new Predictor(CaptchaNetwork.create(SPEC, 1, 1e-3), Alphabet.LOWERCASE);
        Predictor wider = new Predictor(CaptchaNetwork.create(new NetworkSpec(Preset.SEED, 140, 53, 4, 26), 1, 1e-3),
                Alphabet.LOWERCASE);
        Predictor longer = new Predictor(CaptchaNetwork.create(new NetworkSpec(Preset.SEED, 129, 53, 5, 26), 1, 1e-3),
                Alphabet.LOWERCASE);
        Predictor otherLetters = new Predictor(CaptchaNetwork.create(SPEC, 1, 1e-3),
                new Alphabet("abcdefghijklmnopqrstuvwxy0"));

        assertThat(base.readsDifferently(new Predictor(CaptchaNetwork.create(SPEC, 2, 1e-3), Alphabet.LOWERCASE))).isNull();
        assertThat(base.readsDifferently(wider)).isEqualTo("its input is 140x53, not 129x53");
        assertThat(base.readsDifferently(longer)).isEqualTo("it reads 5 characters, not 4");
        assertThat(base.readsDifferently(otherLetters))
                .isEqualTo("its alphabet is abcdefghijklmnopqrstuvwxy0, not abcdefghijklmnopqrstuvwxyz");
        assertThatThrownBy(() -> Predictor.average(List.of(base, wider)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("its input is 140x53, not 129x53");
        assertThatThrownBy(() -> Predictor.average(List.of(base)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two");
    }
}
