package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The direct seed pass against SameDiff's own path over the same graph: gradients, Adam steps, probabilities. */
class SeedPassTest {

    static {
        Nd4jTestSupport.init();
    }

    /**
     * Random images; with {@code flat}, the left half of each is one grey, so that many of the first pooling's cells
     * hold four identical patches (ties), as a plain captcha background does.
     */
    static INDArray images(NetworkSpec spec, int n, long seed, boolean flat) {
        Random r = new Random(seed);
        int h = spec.height();
        int w = spec.width();
        float[] px = new float[n * h * w * 3];
        for (int b = 0; b < n; b++) {
            float grey = r.nextFloat();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        px[((b * h + y) * w + x) * 3 + c] = flat && x < w / 2 ? grey : r.nextFloat();
                    }
                }
            }
        }
        return Nd4j.create(px, new long[] {n, h, w, 3}, DataType.FLOAT);
    }

    static INDArray[] labels(NetworkSpec spec, int n, long seed) {
        Random r = new Random(seed);
        INDArray[] y = new INDArray[spec.length()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Nd4j.zeros(DataType.FLOAT, n, spec.classes());
            for (int b = 0; b < n; b++) {
                y[i].putScalar(b, r.nextInt(spec.classes()), 1f);
            }
        }
        return y;
    }

    private static Map<String, INDArray> sameDiffGradients(CaptchaNetwork net, INDArray x, INDArray[] y) {
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put(NetworkGraphs.INPUT, x);
        for (int i = 0; i < y.length; i++) {
            placeholders.put(NetworkGraphs.label(i), y[i]);
        }
        return net.graph().calculateGradients(placeholders, net.trainableVariables());
    }

    /** Largest difference relative to the largest magnitude of {@code expected}. */
    private static double relativeError(INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        return actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / Math.max(scale, 1e-12);
    }

    private static void gradientsMatch(NetworkSpec spec, boolean flat) {
        CaptchaNetwork net = CaptchaNetwork.create(spec, 7, 1e-3);
        SeedPass pass = net.seedPass();
        assertThat(pass).isNotNull();
        INDArray x = images(spec, 6, 11, flat);
        INDArray[] y = labels(spec, 6, 12);
        Map<String, INDArray> expected = sameDiffGradients(net, x, y);
        Map<String, INDArray> actual = pass.gradients(x, y);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String v : expected.keySet()) {
            assertThat(actual.get(v).shape()).as(v).isEqualTo(expected.get(v).shape());
            assertThat(expected.get(v).amaxNumber().doubleValue()).as(v + " has a gradient").isGreaterThan(1e-6);
            assertThat(relativeError(actual.get(v), expected.get(v))).as(v).isLessThan(1e-4);
        }
    }

    @Test
    void gradientsEqualSameDiffsOnRandomImages() {
        gradientsMatch(NetworkSpec.SEED_QQ, false);
    }

    @Test
    void gradientsEqualSameDiffsWhereThePoolingHasTies() {
        gradientsMatch(NetworkSpec.SEED_QQ, true);
    }

    @Test
    void gradientsEqualSameDiffsAtAnotherSizeLengthAndAlphabet() {
        // 101x67: every layer drops a row or column that the pass never computes
        gradientsMatch(new NetworkSpec(Preset.SEED, 101, 67, 5, 10), true);
    }

    @Test
    void stepsAndLossesEqualSameDiffsSteps() {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        INDArray x = images(spec, 8, 21, true);
        INDArray[] y = labels(spec, 8, 22);
        CaptchaNetwork direct = CaptchaNetwork.create(spec, 3, 1e-3);
        CaptchaNetwork viaGraph = CaptchaNetwork.create(spec, 3, 1e-3);
        viaGraph.useSeedPass(false);
        assertThat(viaGraph.seedPass()).isNull();
        for (int step = 0; step < 4; step++) {
            INDArray xs = images(spec, 8, 100 + step, step % 2 == 0);
            double[] a = direct.fit(xs, y, step);
            double[] b = viaGraph.fit(xs, y, step);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("step %d head %d", step, i).isCloseTo(b[i], org.assertj.core.api.Assertions.within(1e-5 * b[i]));
            }
        }
        assertThat(direct.graph().getTrainingConfig().getIterationCount())
                .isEqualTo(viaGraph.graph().getTrainingConfig().getIterationCount()).isEqualTo(4);
        for (String v : direct.trainableVariables()) {
            INDArray start = CaptchaNetwork.create(spec, 3, 1e-3).variable(v);
            INDArray moved = viaGraph.variable(v).sub(start);
            assertThat(moved.amaxNumber().doubleValue()).as(v + " moved").isGreaterThan(1e-4);
            assertThat(relativeError(direct.variable(v).sub(start), moved)).as(v).isLessThan(1e-2);
        }
        // and the two read the images alike after training
        INDArray[] pa = direct.probabilities(x);
        INDArray[] pb = viaGraph.probabilities(x);
        for (int i = 0; i < pa.length; i++) {
            assertThat(relativeError(pa[i], pb[i])).isLessThan(1e-4);
        }
    }

    @Test
    void probabilitiesEqualSameDiffsForEveryBatchSize() {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        CaptchaNetwork net = CaptchaNetwork.create(spec, 5, 1e-3);
        CaptchaNetwork viaGraph = net.copy();
        viaGraph.useSeedPass(false);
        for (int n : new int[] {1, 5, 64, 5, 3, 64}) {
            INDArray x = images(spec, n, n, n % 2 == 1);
            INDArray[] a = net.probabilities(x);
            INDArray[] b = viaGraph.probabilities(x);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i].shape()).isEqualTo(new long[] {n, spec.classes()});
                assertThat(a[i].sum(1).minNumber().doubleValue()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
                assertThat(relativeError(a[i], b[i])).as("batch %d head %d", n, i).isLessThan(1e-5);
            }
        }
    }

    @Test
    void onlyTheSeedGraphGetsThePass() {
        assertThat(CaptchaNetwork.create(new NetworkSpec(Preset.STRONG, 64, 32, 4, 26), 1, 1e-3).seedPass()).isNull();
        assertThat(CaptchaNetwork.create(new NetworkSpec(Preset.ATTENTION, 64, 32, 4, 26), 1, 1e-3).seedPass()).isNull();
        assertThat(CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3).seedPass()).isNotNull();
        assertThat(List.of(Preset.values())).contains(Preset.SEED);
    }
}
