package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The direct seed pass against SameDiff's own path over the same graph: gradients, Adam steps, probabilities. */
class SeedPassTest {

    static {
        Nd4jTestSupport.init();
    }

    /**
     * Random images; with {@code ties}, the left third of each is one grey (all four positions of a first-layer
     * pooling cell see the same patch), the middle third vertical stripes (the two rows of a cell see the same
     * patches: two pairs), the top of the right third horizontal stripes (the two columns: two pairs), as plain
     * captcha backgrounds and bars do. The rest is random.
     */
    static INDArray images(NetworkSpec spec, int n, long seed, boolean ties) {
        Random r = new Random(seed);
        int h = spec.height();
        int w = spec.width();
        float[] px = new float[n * h * w * 3];
        float[] column = new float[w * 3];
        float[] row = new float[h * 3];
        for (int b = 0; b < n; b++) {
            float grey = r.nextFloat();
            for (int i = 0; i < column.length; i++) {
                column[i] = r.nextFloat();
            }
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextFloat();
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        float v;
                        if (ties && x < w / 3) {
                            v = grey;
                        } else if (ties && x < 2 * w / 3) {
                            v = column[x * 3 + c];
                        } else if (ties && y < h / 2) {
                            v = row[y * 3 + c];
                        } else {
                            v = r.nextFloat();
                        }
                        px[((b * h + y) * w + x) * 3 + c] = v;
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
        // SameDiff prints a line per differentiated op the first time
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return net.graph().calculateGradients(placeholders, net.trainableVariables());
        } finally {
            System.setOut(out);
        }
    }

    /** Largest difference relative to the largest magnitude of {@code expected}. */
    private static double relativeError(INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        return actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / Math.max(scale, 1e-12);
    }

    private static void gradientsMatch(NetworkSpec spec, int n, boolean ties) {
        gradientsMatch(CaptchaNetwork.create(spec, 7, 1e-3), n, ties);
    }

    /**
     * The first layer's kernel and bias may differ from SameDiff's where two different patches of a cell give values
     * that agree to the last bit in one implementation and not in the other (their arithmetic rounds differently;
     * about once in 20 random images): the cell's gradient then goes to a different patch, which moves the kernel's
     * gradient by well under this bound. Identical patches (flat background) give the same gradient either way, and
     * exact ties are checked exactly below; routing mistakes move it by far more.
     */
    private static final double FIRST_LAYER_TOLERANCE = 2e-3;

    private static Map<String, INDArray> gradientsMatch(CaptchaNetwork net, int n, boolean ties) {
        NetworkSpec spec = net.spec();
        SeedPass pass = net.seedPass();
        assertThat(pass).isNotNull();
        INDArray x = images(spec, n, 11, ties);
        INDArray[] y = labels(spec, n, 12);
        Map<String, INDArray> expected = sameDiffGradients(net, x, y);
        Map<String, INDArray> actual = pass.gradients(x, y);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String v : expected.keySet()) {
            assertThat(actual.get(v).shape()).as(v).isEqualTo(expected.get(v).shape());
            assertThat(expected.get(v).amaxNumber().doubleValue()).as(v + " has a gradient").isGreaterThan(1e-6);
            double tolerance = v.startsWith("conv1_") ? FIRST_LAYER_TOLERANCE : 1e-4;
            assertThat(relativeError(actual.get(v), expected.get(v))).as(v).isLessThan(tolerance);
        }
        return actual;
    }

    @Test
    void gradientsEqualSameDiffsOnRandomImages() {
        gradientsMatch(NetworkSpec.SEED_QQ, 20, false);
    }

    @Test
    void gradientsEqualSameDiffsWhereThePoolingHasTies() {
        gradientsMatch(NetworkSpec.SEED_QQ, 20, true);
    }

    @Test
    void whereDifferentPatchesTieTheFirstGetsTheGradientAsInSameDiff() {
        // half the first layer's filters read nothing: all four positions of every cell hold exactly the bias there,
        // in any arithmetic, while the patches differ; the first position gets the cell's gradient
        CaptchaNetwork net = CaptchaNetwork.create(NetworkSpec.SEED_QQ, 7, 1e-3);
        net.graph().getArrForVarName("conv1_W").get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 16)).assign(0);
        Map<String, INDArray> g = gradientsMatch(net, 3, false);
        INDArray expected = sameDiffGradients(net, images(NetworkSpec.SEED_QQ, 3, 11, false), labels(NetworkSpec.SEED_QQ, 3, 12))
                .get("conv1_W").get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16));
        INDArray actual = g.get("conv1_W").get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16));
        assertThat(relativeError(actual, expected)).isLessThan(1e-5);
    }

    @Test
    void gradientsEqualSameDiffsForOneImage() {
        gradientsMatch(NetworkSpec.SEED_QQ, 1, true);
    }

    @Test
    void gradientsEqualSameDiffsAtAnotherSizeLengthAndAlphabet() {
        // 101x67: every layer drops a row or column that the pass never computes
        gradientsMatch(new NetworkSpec(Preset.SEED, 101, 67, 5, 10), 9, true);
    }

    /** Steps both networks through the same batches and checks losses, step counts, weights and probabilities. */
    private static void stepsMatch(CaptchaNetwork direct, CaptchaNetwork viaGraph, int[] batchSizes, long seed) {
        NetworkSpec spec = direct.spec();
        for (int step = 0; step < batchSizes.length; step++) {
            INDArray x = images(spec, batchSizes[step], seed + step, step % 2 == 0);
            INDArray[] y = labels(spec, batchSizes[step], seed - step);
            double[] a = direct.fit(x, y, step);
            double[] b = viaGraph.fit(x, y, step);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("step %d head %d", step, i).isCloseTo(b[i], within(1e-5 * b[i]));
            }
        }
        assertThat(direct.graph().getTrainingConfig().getIterationCount())
                .isEqualTo(viaGraph.graph().getTrainingConfig().getIterationCount());
        INDArray x = images(spec, 5, seed * 31, true);
        INDArray[] pa = direct.probabilities(x);
        INDArray[] pb = viaGraph.probabilities(x);
        for (int i = 0; i < pa.length; i++) {
            assertThat(relativeError(pa[i], pb[i])).isLessThan(1e-4);
        }
    }

    /** Two networks with the same weights: {@code direct} takes the pass, {@code viaGraph} SameDiff's path. */
    private record Twins(CaptchaNetwork direct, CaptchaNetwork viaGraph) {
        static Twins of(NetworkSpec spec, long seed) {
            Twins t = new Twins(CaptchaNetwork.create(spec, seed, 1e-3), CaptchaNetwork.create(spec, seed, 1e-3));
            t.viaGraph.useSeedPass(false);
            assertThat(t.direct.seedPass()).isNotNull();
            assertThat(t.viaGraph.seedPass()).isNull();
            return t;
        }
    }

    @Test
    void stepsAndLossesEqualSameDiffsSteps() {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        Twins t = Twins.of(spec, 3);
        CaptchaNetwork direct = t.direct();
        stepsMatch(direct, t.viaGraph(), new int[] {8, 8, 8, 8}, 100);
        assertThat(direct.graph().getTrainingConfig().getIterationCount()).isEqualTo(4);
        for (String v : direct.trainableVariables()) {
            INDArray start = CaptchaNetwork.create(spec, 3, 1e-3).variable(v);
            INDArray moved = t.viaGraph().variable(v).sub(start);
            assertThat(moved.amaxNumber().doubleValue()).as(v + " moved").isGreaterThan(1e-4);
            assertThat(relativeError(direct.variable(v).sub(start), moved)).as(v).isLessThan(1e-2);
        }
    }

    @Test
    void stepsEqualSameDiffsWhenTheBatchSizeChangesAndAfterPredicting() {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        Twins t = Twins.of(spec, 4);
        // predicting first builds the pass's arrays before any training step
        INDArray x = images(spec, 3, 1, false);
        assertThat(relativeError(t.direct().probabilities(x)[0], t.viaGraph().probabilities(x)[0])).isLessThan(1e-5);
        stepsMatch(t.direct(), t.viaGraph(), new int[] {20, 7, 20, 1, 7, 33, 20}, 200);
    }

    @Test
    void aResumedNetworkStepsExactlyAsOneThatNeverStopped(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        int[] sizes = {12, 12, 12, 12, 5};
        CaptchaNetwork straight = CaptchaNetwork.create(spec, 9, 1e-3);
        CaptchaNetwork stopped = CaptchaNetwork.create(spec, 9, 1e-3);
        for (int step = 0; step < sizes.length; step++) {
            INDArray x = images(spec, sizes[step], 300 + step, true);
            INDArray[] y = labels(spec, sizes[step], 400 + step);
            straight.fit(x, y, step);
            if (step < 2) {
                stopped.fit(x, y, step);
            } else {
                if (step == 2) {
                    stopped.save(dir.resolve("checkpoint.sdz"), true);
                    stopped = CaptchaNetwork.load(dir.resolve("checkpoint.sdz"), spec, 1e-3, true);
                    assertThat(stopped.seedPass()).isNotNull();
                }
                stopped.fit(x, y, step);
            }
        }
        for (String v : straight.trainableVariables()) {
            assertThat(stopped.variable(v)).as(v).isEqualTo(straight.variable(v));
        }
    }

    @Test
    void probabilitiesEqualSameDiffsForEveryBatchSize() {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        CaptchaNetwork net = CaptchaNetwork.create(spec, 5, 1e-3);
        CaptchaNetwork viaGraph = net.copy();
        viaGraph.useSeedPass(false);
        // above 64 the pass predicts in pieces of 64
        for (int n : new int[] {1, 5, 64, 5, 3, 64, 2, 4, 6, 7, 8, 9, 64, 150, 128}) {
            INDArray x = images(spec, n, n, n % 2 == 1);
            INDArray[] a = net.probabilities(x);
            INDArray[] b = viaGraph.probabilities(x);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i].shape()).isEqualTo(new long[] {n, spec.classes()});
                assertThat(a[i].sum(1).minNumber().doubleValue()).isCloseTo(1.0, within(1e-5));
                assertThat(relativeError(a[i], b[i])).as("batch %d head %d", n, i).isLessThan(1e-5);
            }
        }
    }

    @Test
    void copiesAndLoadedNetworksUseThePassAndReadAlike(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        CaptchaNetwork net = CaptchaNetwork.create(spec, 6, 1e-3);
        net.save(dir.resolve("n.sdz"), false);
        CaptchaNetwork copy = net.copy();
        CaptchaNetwork loaded = CaptchaNetwork.load(dir.resolve("n.sdz"), spec, 1e-3, false);
        assertThat(copy.seedPass()).isNotNull().isNotSameAs(net.seedPass());
        assertThat(loaded.seedPass()).isNotNull();
        INDArray x = images(spec, 4, 8, true);
        INDArray expected = net.probabilities(x)[2];
        assertThat(copy.probabilities(x)[2]).isEqualTo(expected);
        assertThat(loaded.probabilities(x)[2]).isEqualTo(expected);
    }

    @Test
    void batchesWhosePatchesWouldPassTwoGigabytesGoThroughSameDiff() {
        // at 129x53 an image has 22 x 62 pooling cells x 4 positions x 28 columns = 152,768 floats of patches
        SeedPass pass = CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3).seedPass();
        long limit = (long) Integer.MAX_VALUE / Float.BYTES / (22 * 62 * 4 * 28);
        assertThat(pass.fits(1)).isTrue();
        assertThat(pass.fits(limit)).isTrue();
        assertThat(pass.fits(limit + 1)).isFalse();
        assertThat(pass.fits(0)).isFalse();
    }

    @Test
    void onlyTheSeedGraphGetsThePass() {
        assertThat(CaptchaNetwork.create(new NetworkSpec(Preset.STRONG, 64, 32, 4, 26), 1, 1e-3).seedPass()).isNull();
        assertThat(CaptchaNetwork.create(new NetworkSpec(Preset.ATTENTION, 64, 32, 4, 26), 1, 1e-3).seedPass()).isNull();
        assertThat(CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3).seedPass()).isNotNull();
        CaptchaNetwork off = CaptchaNetwork.create(NetworkSpec.SEED_QQ, 1, 1e-3);
        off.useSeedPass(false);
        assertThat(off.seedPass()).isNull();
    }
}
