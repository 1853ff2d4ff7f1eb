package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CalibrationTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final int K = 10;
    private static final int N = 4_000;

    /**
     * Labels drawn from softmax(z); the "network" reports softmax(z * scale). The temperature that calibrates it is
     * the scale (its logits are scale times too large), which the fit must recover from the samples alone.
     */
    private static double fitted(double scale, long seed) {
        Random r = new Random(seed);
        float[][] probs = new float[2][N * K];
        int[][] truth = new int[2][N];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < N; i++) {
                double[] z = new double[K];
                for (int k = 0; k < K; k++) {
                    z[k] = r.nextGaussian() * 3;
                }
                double[] calibrated = softmax(z, 1);
                double u = r.nextDouble();
                int label = K - 1;
                for (int k = 0; k < K; k++) {
                    u -= calibrated[k];
                    if (u < 0) {
                        label = k;
                        break;
                    }
                }
                truth[p][i] = label;
                double[] reported = softmax(z, scale);
                for (int k = 0; k < K; k++) {
                    probs[p][i * K + k] = (float) reported[k];
                }
            }
        }
        return Calibration.fitTemperature(probs, truth, K);
    }

    private static double[] softmax(double[] z, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v * scale);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            e[k] = Math.exp(z[k] * scale - max);
            sum += e[k];
        }
        for (int k = 0; k < z.length; k++) {
            e[k] /= sum;
        }
        return e;
    }

    @Test
    void recoversTheTemperatureOfOverAndUnderConfidentProbabilities() {
        assertThat(fitted(2.0, 1)).isCloseTo(2.0, within(0.15));
        assertThat(fitted(1.0, 2)).isCloseTo(1.0, within(0.08));
        assertThat(fitted(0.5, 3)).isCloseTo(0.5, within(0.05));
    }

    @Test
    void theFitIsTheMinimumOfTheValidationCrossEntropy() {
        float[][] probs = {{0.7f, 0.2f, 0.1f, 0.1f, 0.8f, 0.1f, 0.3f, 0.3f, 0.4f, 0.05f, 0.9f, 0.05f}};
        int[][] truth = {{0, 1, 0, 1}};
        double t = Calibration.fitTemperature(probs, truth, 3);
        double[][] logs = new double[1][12];
        for (int i = 0; i < 12; i++) {
            logs[0][i] = Math.log(probs[0][i]);
        }
        double best = Calibration.nll(logs, truth, 3, t);
        for (double other : new double[] {t * 0.9, t * 1.1, 1.0}) {
            assertThat(Calibration.nll(logs, truth, 3, other)).as("T=%s against %s", other, t).isGreaterThan(best);
        }
        // the fit reports the losses it compared: at 1 and at its own T
        Calibration.Fit fit = Calibration.fit(probs, truth, 3);
        assertThat(fit.temperature()).isEqualTo(t);
        assertThat(fit.lossAtOne()).isEqualTo(Calibration.nll(logs, truth, 3, 1.0));
        assertThat(fit.lossAtTemperature()).isEqualTo(best).isLessThan(fit.lossAtOne());
        // with no temperature before, the loss before is the one at 1
        assertThat(fit.before()).isEqualTo(1.0);
        assertThat(fit.lossBefore()).isEqualTo(fit.lossAtOne());
        // and with one, at that one: the same fit, the loss it is compared with is another
        Calibration.Fit again = Calibration.fit(probs, truth, 3, 2.5);
        assertThat(again.temperature()).isEqualTo(t);
        assertThat(again.before()).isEqualTo(2.5);
        assertThat(again.lossBefore()).isEqualTo(Calibration.nll(logs, truth, 3, 2.5)).isNotEqualTo(fit.lossAtOne())
                .isGreaterThan(best);
    }

    @Test
    void aSplitReadWithoutErrorSharpensOnlyToTheBound() {
        float[][] probs = {{0.9f, 0.05f, 0.05f, 0.1f, 0.8f, 0.1f}};
        assertThat(Calibration.fitTemperature(probs, new int[][] {{0, 1}}, 3)).isCloseTo(Calibration.MIN_T, within(1e-6));
        // and one that is always wrong softens only to the other bound
        assertThat(Calibration.fitTemperature(probs, new int[][] {{2, 2}}, 3)).isCloseTo(Calibration.MAX_T, within(1e-6));
    }

    @Test
    void nothingToFitOnLeavesTheProbabilitiesAlone() {
        assertThat(Calibration.fitTemperature(new float[][] {{}}, new int[][] {{}}, 3)).isEqualTo(1.0);
        assertThat(Calibration.fitTemperature(new float[][] {{0.5f, 0.5f}}, new int[][] {{-1}}, 2)).isEqualTo(1.0);
    }

    @Test
    void applyingATemperatureKeepsTheWinnerAndSumsToOne() {
        INDArray p = Nd4j.create(new float[] {0.6f, 0.3f, 0.1f, 0f, 1e-30f, 1f}, new long[] {2, 3}, DataType.FLOAT);
        assertThat(Calibration.apply(p, 1.0)).isSameAs(p);
        INDArray sharp = Calibration.apply(p, 0.5);
        // p^(1/T) renormalised: (0.36, 0.09, 0.01) / 0.46
        assertThat(sharp.getDouble(0, 0)).isCloseTo(0.36 / 0.46, within(1e-6));
        assertThat(sharp.getDouble(0, 2)).isCloseTo(0.01 / 0.46, within(1e-6));
        assertThat(sharp.getDouble(1, 2)).isCloseTo(1.0, within(1e-6));
        INDArray soft = Calibration.apply(p, 3.0);
        assertThat(soft.getDouble(0, 0)).isLessThan(0.6).isGreaterThan(soft.getDouble(0, 1));
        for (INDArray a : new INDArray[] {sharp, soft}) {
            assertThat(a.sum(1).getDouble(0)).isCloseTo(1.0, within(1e-5));
            assertThat(a.sum(1).getDouble(1)).isCloseTo(1.0, within(1e-5));
            for (double v : a.data().asDouble()) {
                assertThat(v).isFinite().isBetween(0.0, 1.0);
            }
        }
        // the input is untouched
        assertThat(p.getDouble(0, 0)).isCloseTo(0.6, within(1e-7));
    }
}
