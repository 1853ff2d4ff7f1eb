package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CaptchaNetworkTest {

    static {
        Nd4jTestSupport.init();
    }

    static List<byte[]> randomImages(int n, NetworkSpec spec, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[spec.pixelsPerImage()];
            r.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    @Test
    void seedPresetHasTheWriteUpsParameterCount() {
        CaptchaNetwork net = CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3);
        assertThat(net.parameterCount()).isEqualTo(48_712);
        List<LayerSummary> layers = CaptchaNetwork.describe(NetworkSpec.SEED_QQ);
        assertThat(layers.stream().mapToLong(LayerSummary::parameters).sum()).isEqualTo(48_712);
        assertThat(layers).anySatisfy(l -> assertThat(l.outputShape()).isEqualTo("192"));
    }

    @Test
    void outputsOneProbabilityRowPerPositionForAnySize() {
        for (Preset preset : Preset.values()) {
            NetworkSpec spec = new NetworkSpec(preset, 72, preset == Preset.SEED ? 46 : 24, 5, 7);
            CaptchaNetwork net = CaptchaNetwork.create(spec, 2, 1e-3);
            INDArray[] probs = net.probabilities(ImageTensors.images(randomImages(3, spec, 1), spec));
            assertThat(probs).hasSize(5);
            for (INDArray p : probs) {
                assertThat(p.shape()).containsExactly(3, 7);
                assertThat(p.sumNumber().doubleValue()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void tooSmallInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> CaptchaNetwork.create(new NetworkSpec(Preset.SEED, 20, 20, 4, 26), 1, 1e-3))
                .hasMessage("an input of 20x20 is too small for the seed preset, which needs at least 46x46");
    }

    @Test
    void trainingLowersTheLossAndReportsOneLossPerHead() {
        for (Preset preset : List.of(Preset.STRONG, Preset.ATTENTION)) {
            trainingLowersTheLoss(preset);
        }
    }

    private static void trainingLowersTheLoss(Preset preset) {
        NetworkSpec spec = new NetworkSpec(preset, 32, 16, 2, 3);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 3, 3e-3);
        List<byte[]> imgs = randomImages(16, spec, 2);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            labels.add("" + "abc".charAt(i % 3) + "abc".charAt((i / 3) % 3));
        }
        INDArray x = ImageTensors.images(imgs, spec);
        INDArray[] y = ImageTensors.labels(labels, new Alphabet("abc"), 2);
        double[] first = net.fit(x, y, 1);
        assertThat(first).hasSize(2);
        double[] last = first;
        for (int i = 0; i < 40; i++) {
            last = net.fit(x, y, i);
        }
        assertThat(last[0] + last[1]).as("%s", preset).isLessThan(0.5 * (first[0] + first[1]));
        net.calibrateNormalisation(List.of(x));
        List<SequencePrediction> preds = new Predictor(net.copy(), new Alphabet("abc")).predict(imgs);
        long right = 0;
        for (int i = 0; i < 16; i++) {
            right += preds.get(i).matches(labels.get(i)) ? 1 : 0;
        }
        assertThat(right).as("%s", preset).isGreaterThanOrEqualTo(12);
        assertThat(preds.get(0).positions().get(0).top()).hasSize(3);
    }

    @Test
    void sameSeedSameWeights() {
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 50, 46, 2, 4);
        INDArray x = ImageTensors.images(randomImages(2, spec, 5), spec);
        INDArray a = CaptchaNetwork.create(spec, 9, 1e-3).probabilities(x)[0];
        INDArray b = CaptchaNetwork.create(spec, 9, 1e-3).probabilities(x)[0];
        INDArray c = CaptchaNetwork.create(spec, 10, 1e-3).probabilities(x)[0];
        assertThat(a.equalsWithEps(b, 0)).isTrue();
        assertThat(a.equalsWithEps(c, 1e-6)).isFalse();
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws Exception {
        for (Preset preset : Preset.values()) {
            saveAndLoadGiveIdenticalPredictions(preset, dir.resolve(preset.id()));
        }
    }

    private static void saveAndLoadGiveIdenticalPredictions(Preset preset, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        NetworkSpec spec = new NetworkSpec(preset, 60, 48, 3, 5);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 4, 1e-3);
        INDArray x = ImageTensors.images(randomImages(4, spec, 3), spec);
        net.fit(x, ImageTensors.labels(List.of("abc", "bcd", "cde", "ead"), new Alphabet("abcde"), 3), 0);
        net.calibrateNormalisation(List.of(x));
        Path file = dir.resolve("network.sdz");
        net.save(file, true);
        CaptchaNetwork loaded = CaptchaNetwork.load(file, spec, 1e-3, true);
        INDArray[] before = net.probabilities(x);
        INDArray[] after = loaded.probabilities(x);
        for (int i = 0; i < 3; i++) {
            assertThat(after[i].equalsWithEps(before[i], 0)).as("%s position %d", preset, i).isTrue();
        }
        // a loaded network trains on (a resumed run): its dropout mask fits the graph's, and the step is the
        // one the original takes
        INDArray[] y = ImageTensors.labels(List.of("abc", "bcd", "cde", "ead"), new Alphabet("abcde"), 3);
        double[] original = net.fit(x, y, 7);
        double[] resumed = loaded.fit(x, y, 7);
        for (int i = 0; i < 3; i++) {
            assertThat(resumed[i]).as("%s position %d", preset, i).isCloseTo(original[i], within(1e-4));
        }
        NetworkSpec other = new NetworkSpec(preset, 60, 48, 4, 5);
        assertThatThrownBy(() -> CaptchaNetwork.load(file, other, 1e-3, false)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("positions");
        // a run.json naming another preset over this network (same input, positions and classes)
        for (Preset wrong : Preset.values()) {
            if (wrong != preset) {
                NetworkSpec claimed = new NetworkSpec(wrong, 60, 48, 3, 5);
                assertThatThrownBy(() -> CaptchaNetwork.load(file, claimed, 1e-3, false))
                        .isInstanceOf(ModelFormatException.class)
                        .hasMessage("network.sdz is " + (preset == Preset.ATTENTION ? "an " : "a ") + preset.id() + " network, run.json says " + wrong.id());
            }
        }
    }

    @Test
    void strongNormalisesWithMinibatchMomentsInTrainingAndCalibratedOnesInInference() {
        NetworkSpec spec = new NetworkSpec(Preset.STRONG, 40, 20, 3, 5);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 6, 1e-3);
        assertThat(net.normalises()).isTrue();
        assertThat(CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3).normalises()).isFalse();
        INDArray x = ImageTensors.images(randomImages(8, spec, 7), spec);
        INDArray[] y = ImageTensors.labels(List.of("abc", "bcd", "cde", "ead", "aaa", "bbb", "ccc", "ddd"), new Alphabet("abcde"), 3);
        for (int i = 0; i < 5; i++) {
            net.fit(x, y, i);
        }
        INDArray[] training = net.probabilities(x, true);
        // before calibration the population statistics are the initial 0 / 1, far from this data's moments
        INDArray[] uncalibrated = net.probabilities(x);
        assertThat(uncalibrated[0].equalsWithEps(training[0], 1e-3)).isFalse();
        // calibrated on exactly this minibatch, inference normalises with the same numbers as training did
        net.calibrateNormalisation(List.of(x));
        INDArray[] inference = net.probabilities(x);
        for (int i = 0; i < 3; i++) {
            assertThat(inference[i].equalsWithEps(training[i], 1e-4)).as("position %d", i).isTrue();
        }
        // calibrated on other images, they differ again: the statistics really come from the images given;
        // a copy taken before keeps its own statistics (calibration writes the constants in place)
        CaptchaNetwork copy = net.copy();
        net.calibrateNormalisation(List.of(ImageTensors.images(randomImages(8, spec, 8), spec).muli(0.5)));
        assertThat(net.probabilities(x)[0].equalsWithEps(training[0], 1e-4)).isFalse();
        assertThat(copy.probabilities(x)[0].equalsWithEps(inference[0], 0)).isTrue();
        // batch norm's scale and shift are trained parameters; the population statistics are not
        long withoutBn = CaptchaNetwork.describe(spec).stream().filter(l -> !l.kind().equals("BatchNorm"))
                .mapToLong(LayerSummary::parameters).sum();
        assertThat(net.parameterCount()).isEqualTo(withoutBn + 2L * (32 + 64 + 128 + 256));
    }

    @Test
    void strongHasItsDocumentedParameterCountAt129x53() {
        // 3x3 convolutions 3>32>64>128>256 with biases, batch norm scale and shift per channel, and four
        // Dense(26) heads on the 8x3x256 activation left after four poolings (what `describe --preset strong` prints)
        long convs = (27 * 32 + 32) + (9 * 32 * 64 + 64) + (9 * 64 * 128 + 128) + (9 * 128 * 256 + 256);
        long norms = 2L * (32 + 64 + 128 + 256);
        long heads = 4L * (8 * 3 * 256 * 26 + 26);
        NetworkSpec spec = new NetworkSpec(Preset.STRONG, 129, 53, 4, 26);
        assertThat(CaptchaNetwork.describe(spec).stream().mapToLong(LayerSummary::parameters).sum())
                .isEqualTo(convs + norms + heads).isEqualTo(1_028_456);
    }

    @Test
    void attentionHasItsDocumentedParameterCountAt96x40() {
        // the strong trunk's convolutions and batch norms; a 3x7 score convolution 256>4 with biases and a
        // 5x12x4 prior over the cells left after three poolings; four Dense(26) heads on 256 averaged features
        long convs = (27 * 32 + 32) + (9 * 32 * 64 + 64) + (9 * 64 * 128 + 128) + (9 * 128 * 256 + 256);
        long norms = 2L * (32 + 64 + 128 + 256);
        long attention = 3 * 7 * 256 * 4 + 4 + 5 * 12 * 4;
        long heads = 4L * (256 * 26 + 26);
        NetworkSpec spec = new NetworkSpec(Preset.ATTENTION, 96, 40, 4, 26);
        assertThat(CaptchaNetwork.describe(spec).stream().mapToLong(LayerSummary::parameters).sum())
                .isEqualTo(convs + norms + attention + heads).isEqualTo(437_852);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 1, 1e-3);
        assertThat(net.parameterCount()).isEqualTo(437_852);
    }

    @Test
    void eachAttentionHeadHasItsOwnWeightsAndAveragesTheCellsWithWeightsSummingToOne() {
        NetworkSpec spec = new NetworkSpec(Preset.ATTENTION, 48, 24, 3, 5);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 5, 1e-3);
        var sd = net.graph();
        for (int i = 0; i < 3; i++) {
            assertThat(sd.getArrForVarName("head" + i + "_W").shape()).containsExactly(256, 5);
        }
        assertThat(sd.getArrForVarName("head0_W").equalsWithEps(sd.getArrForVarName("head1_W"), 1e-6)).isFalse();
        INDArray x = ImageTensors.images(randomImages(2, spec, 9), spec);
        AttentionMap[] maps = net.attention(x);
        // 3x6 cells left after three poolings of 24x48, one weight per cell and position
        assertThat(maps).hasSize(2);
        for (AttentionMap m : maps) {
            assertThat(m.rows()).isEqualTo(3);
            assertThat(m.columns()).isEqualTo(6);
            assertThat(m.positions()).isEqualTo(3);
            for (int p = 0; p < 3; p++) {
                double sum = 0;
                for (float v : m.columnWeights(p)) {
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
        // the inference path's weights, exactly as the graph computes them: [B, cells, N]
        String name = GraphLayers.INFERENCE_PREFIX + net.attentionLayer() + GraphLayers.ATTENTION_WEIGHTS;
        INDArray w = sd.output(java.util.Map.of(NetworkGraphs.INPUT, x), name).get(name);
        assertThat(w.shape()).containsExactly(2, 18, 3);
        assertThat(maps[1].weights()[2][7]).isEqualTo(w.getFloat(1, 7, 2));
        // each position's features are the weighted average of the cells' features (the map the trunk leaves:
        // relu15, the layer before attend16), computed here by hand
        assertThat(net.attentionLayer()).isEqualTo("attend16");
        INDArray cells = sd.output(java.util.Map.of(NetworkGraphs.INPUT, x), "inf_relu15").get("inf_relu15");
        INDArray pooled = sd.output(java.util.Map.of(NetworkGraphs.INPUT, x), "inf_attend16").get("inf_attend16");
        assertThat(cells.shape()).containsExactly(2, 3, 6, 256);
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 3; p++) {
                for (int f : new int[] {0, 100, 255}) {
                    double expected = 0;
                    for (int cy = 0; cy < 3; cy++) {
                        for (int cx = 0; cx < 6; cx++) {
                            expected += w.getDouble(b, cy * 6 + cx, p) * cells.getDouble(b, cy, cx, f);
                        }
                    }
                    assertThat(pooled.getDouble(b, p * 256 + f)).isCloseTo(expected, within(1e-4));
                }
            }
        }
        // other presets read no attention
        assertThat(CaptchaNetwork.create(new NetworkSpec(Preset.STRONG, 48, 24, 3, 5), 5, 1e-3).attention(x)).isEmpty();
        // the prior starts each position over its own slice of the width: the first looks left, the last right
        INDArray prior = sd.getArrForVarName(net.attentionLayer() + GraphLayers.ATTENTION_PRIOR);
        assertThat(prior.getDouble(0, 1, 0, 0)).isGreaterThan(prior.getDouble(0, 1, 5, 0));
        assertThat(prior.getDouble(0, 1, 5, 2)).isGreaterThan(prior.getDouble(0, 1, 0, 2));
    }

    @Test
    void strongTrainsOnLabelSmoothedCrossEntropyAndSeedOnThePlainOne() {
        Alphabet alphabet = new Alphabet("abcde");
        List<String> labels = List.of("abc", "bcd", "cde", "ead", "aaa", "bbb", "ccc", "ddd");
        for (Preset preset : Preset.values()) {
            NetworkSpec spec = new NetworkSpec(preset, 60, 50, 3, 5);
            CaptchaNetwork net = CaptchaNetwork.create(spec, 3, 1e-3);
            INDArray x = ImageTensors.images(randomImages(8, spec, 4), spec);
            INDArray[] y = ImageTensors.labels(labels, alphabet, 3);
            INDArray[] p = preset.twoPaths() ? net.probabilities(x, true) : net.probabilities(x);
            double eps = preset.labelSmoothing();
            double[] objective = net.objective(x, y);
            for (int i = 0; i < 3; i++) {
                // mean over the minibatch of -sum_k t_k log p_k with t = (1 - eps) one-hot + eps / K
                double expected = 0;
                for (int b = 0; b < 8; b++) {
                    for (int k = 0; k < 5; k++) {
                        double t = (1 - eps) * y[i].getDouble(b, k) + eps / 5;
                        expected -= t * Math.log(p[i].getDouble(b, k));
                    }
                }
                assertThat(objective[i]).as("%s position %d", preset, i).isCloseTo(expected / 8, within(1e-4));
            }
        }
        assertThat(Preset.STRONG.labelSmoothing()).isEqualTo(0.1);
        assertThat(Preset.ATTENTION.labelSmoothing()).isEqualTo(0.1);
        assertThat(Preset.SEED.labelSmoothing()).isZero();
    }

    @Test
    void aLoweredLearningRateTakesEffectOnTheNextStepAndSurvivesSaving(@TempDir Path dir) {
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 50, 46, 2, 4);
        INDArray x = ImageTensors.images(randomImages(4, spec, 5), spec);
        INDArray[] y = ImageTensors.labels(List.of("ab", "cd", "da", "bc"), new Alphabet("abcd"), 2);
        CaptchaNetwork fast = CaptchaNetwork.create(spec, 9, 1e-2);
        CaptchaNetwork slow = CaptchaNetwork.create(spec, 9, 1e-2);
        fast.fit(x, y, 0);
        slow.fit(x, y, 0);
        slow.setLearningRate(1e-9);
        assertThat(slow.learningRate()).isEqualTo(1e-9);
        INDArray before = slow.probabilities(x)[0];
        fast.fit(x, y, 1);
        slow.fit(x, y, 1);
        // with a rate of 1e-9 a step moves nothing visible; with 1e-2 it does
        assertThat(slow.probabilities(x)[0].equalsWithEps(before, 1e-6)).isTrue();
        assertThat(fast.probabilities(x)[0].equalsWithEps(before, 1e-3)).isFalse();
        Path file = dir.resolve("n.sdz");
        try {
            slow.save(file, true);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(CaptchaNetwork.load(file, spec, 1e-2, true).learningRate()).isEqualTo(1e-9);
    }

    @Test
    void weightDecayShrinksWeightMatricesAndKernelsByLearningRateTimesDecayAndNothingElse() {
        NetworkSpec spec = new NetworkSpec(Preset.ATTENTION, 48, 24, 2, 4);
        INDArray x = ImageTensors.images(randomImages(4, spec, 3), spec);
        INDArray[] y = ImageTensors.labels(List.of("ab", "cd", "da", "bc"), new Alphabet("abcd"), 2);
        // the first step (through SameDiff.fit) and a later one (through the reused session) both decay
        for (int warmSteps = 0; warmSteps <= 1; warmSteps++) {
            CaptchaNetwork plain = CaptchaNetwork.create(spec, 11, 1e-2);
            CaptchaNetwork decayed = CaptchaNetwork.create(spec, 11, 1e-2);
            for (int i = 0; i < warmSteps; i++) {
                plain.fit(x, y, i);
                decayed.fit(x, y, i);
            }
            decayed.setWeightDecay(5);
            // a schedule lowers the rate: the decay follows the rate of the step
            plain.setLearningRate(5e-3);
            decayed.setLearningRate(5e-3);
            plain.fit(x, y, 9);
            decayed.fit(x, y, 9);
            List<String> kernels = decayed.decayedVariables();
            assertThat(kernels).contains("conv1_W", "head0_W", "head1_W").noneMatch(n -> n.endsWith("_b") || n.contains("prior") || n.contains("gamma"));
            for (String v : decayed.trainableVariables()) {
                INDArray expected = plain.variable(v);
                if (kernels.contains(v)) {
                    expected.muli(1 - 5e-3 * 5);
                }
                INDArray actual = decayed.variable(v);
                assertThat(actual.equalsWithEps(expected, 1e-6)).as(v + " after " + warmSteps + " plain steps").isTrue();
                if (kernels.contains(v)) {
                    assertThat(actual.equalsWithEps(plain.variable(v), 1e-6)).as(v + " changed").isFalse();
                }
            }
        }
        assertThatThrownBy(() -> CaptchaNetwork.create(spec, 1, 1e-3).setWeightDecay(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
