package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.Test;

/** {@link Predictor#average}: an ensemble averages its members' calibrated probabilities. */
class EnsembleTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final NetworkSpec SPEC = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);

    @Test
    void anEnsembleAveragesItsMembersProbabilitiesEachAtItsOwnTemperature() {
        NativeLibraries.load();
        CaptchaNetwork a = CaptchaNetwork.create(SPEC, 3, 1e-3);
        CaptchaNetwork b = CaptchaNetwork.create(SPEC, 4, 1e-3);
        List<byte[]> images = CaptchaNetworkTest.randomImages(140, SPEC, 8);
        Predictor ensemble = Predictor.average(List.of(new Predictor(a.copy(), Alphabet.LOWERCASE),
                new Predictor(b.copy(), Alphabet.LOWERCASE, 0.25)));
        assertThat(ensemble.networks()).isEqualTo(2);
        assertThat(ensemble.temperature()).isEqualTo(1.0);

        double[][][] ra = HandProbabilities.of(a, images, 1.0, TestTimeShifts.NONE);
        double[][][] rb = HandProbabilities.of(b, images, 0.25, TestTimeShifts.NONE);
        double apart = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < SPEC.length(); p++) {
                for (int k = 0; k < SPEC.classes(); k++) {
                    apart = Math.max(apart, Math.abs(ra[i][p][k] - rb[i][p][k]));
                }
            }
        }
        assertThat(apart).as("the two members must disagree for the test to mean anything").isGreaterThan(0.01);
        long before = InferenceLanes.batchesRun();
        HandProbabilities.assertReads(ensemble.predict(images), HandProbabilities.mean(ra, rb));
        assertThat(InferenceLanes.batchesRun() - before).as("140 images are two batches of 128 per member, all on lanes")
                .isEqualTo(4);

        // a temperature set on the ensemble applies to the members' mean
        double[][][] sharpened = HandProbabilities.mean(ra, rb);
        for (double[][] image : sharpened) {
            for (double[] row : image) {
                HandProbabilities.sharpen(row, 2.0);
            }
        }
        HandProbabilities.assertReads(ensemble.withTemperature(2.0).predict(images.subList(0, 20)),
                Arrays.copyOf(sharpened, 20));

        // every member reads the shifted views; the ensemble averages what each one makes of them
        TestTimeShifts views = TestTimeShifts.cross(1);
        List<byte[]> few = images.subList(0, 20);
        HandProbabilities.assertReads(ensemble.withShifts(views).predict(few),
                HandProbabilities.mean(HandProbabilities.of(a, few, 1.0, views), HandProbabilities.of(b, few, 0.25, views)));
        assertThat(ensemble.attention(few)).as("the members look in different places").isEmpty();
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
