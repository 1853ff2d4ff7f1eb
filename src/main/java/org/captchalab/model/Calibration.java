package org.captchalab.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Temperature scaling: one number T, fitted on the validation split after training, by which every head's logits
 * are divided before the softmax. It never changes which character wins, only how sure the network says it is.
 *
 * <p>Why: a network trained with label smoothing (the {@code strong} preset) learns to put about 0.9 on its answer
 * however sure it is, and an unsmoothed one is often overconfident. The grid's "low confidence" and "likely
 * mislabelled" filters and the probabilities shown per position read those numbers, so they should mean what they
 * say: T is the value that minimises the validation cross-entropy (the standard post-hoc calibration), found by a
 * golden-section search over log T. Applied to probabilities it is {@code p_k^(1/T) / sum_j p_j^(1/T)}, the same
 * as dividing the logits by T.
 */
public final class Calibration {

    /**
     * The range searched. A validation split the network reads without a single error would drive T towards 0 (every
     * answer certain), which those few hundred images cannot justify, so sharpening stops at 0.25: enough to turn a
     * label-smoothed network's typical 0.9 into 0.9999 for 36 classes. Softening stops at 4.
     */
    static final double MIN_T = 0.25;
    static final double MAX_T = 4.0;

    private Calibration() {
    }

    /**
     * A fitted temperature with the mean cross-entropy per character it was fitted to lower, at T = 1 and at T, and
     * at the temperature {@code before} that was in use until now (1 when there was none).
     */
    public record Fit(double temperature, double lossAtOne, double lossAtTemperature, double before, double lossBefore) {
    }

    /**
     * The temperature that minimises the mean cross-entropy of the true classes.
     *
     * @param probs per position, row-major [n, k] probabilities
     * @param truth per position, the true class of each of the n images (negative: not counted)
     * @param k     classes
     * @return T, or 1 when there is nothing to fit on
     */
    public static double fitTemperature(float[][] probs, int[][] truth, int k) {
        return fit(probs, truth, k).temperature();
    }

    /**
     * As {@link #fitTemperature}, with the mean cross-entropy per character at 1 and at the fitted T (NaN when there
     * is nothing to fit on).
     */
    public static Fit fit(float[][] probs, int[][] truth, int k) {
        return fit(probs, truth, k, 1.0);
    }

    /**
     * As {@link #fit(float[][], int[][], int)}, also with the mean cross-entropy per character at the temperature
     * {@code before} used until now, so a report of the change compares like with like.
     */
    public static Fit fit(float[][] probs, int[][] truth, int k, double before) {
        double[][] logs = new double[probs.length][];
        long counted = 0;
        for (int p = 0; p < probs.length; p++) {
            logs[p] = new double[probs[p].length];
            for (int i = 0; i < probs[p].length; i++) {
                // a probability that underflowed to 0 stays (practically) 0 at any temperature in range
                logs[p][i] = Math.log(Math.max(probs[p][i], 1e-30));
            }
            for (int t : truth[p]) {
                counted += t >= 0 ? 1 : 0;
            }
        }
        if (counted == 0) {
            return new Fit(1.0, Double.NaN, Double.NaN, before, Double.NaN);
        }
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logs, truth, k, Math.exp(a));
        double fb = nll(logs, truth, k, Math.exp(b));
        for (int it = 0; it < 60; it++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logs, truth, k, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logs, truth, k, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        return new Fit(t, nll(logs, truth, k, 1.0), nll(logs, truth, k, t), before, nll(logs, truth, k, before));
    }

    /** Mean over counted images and positions of -log softmax(log p / T)[true]. */
    static double nll(double[][] logs, int[][] truth, int k, double t) {
        double sum = 0;
        long n = 0;
        for (int p = 0; p < logs.length; p++) {
            double[] row = logs[p];
            for (int i = 0; i < truth[p].length; i++) {
                int c = truth[p][i];
                if (c < 0) {
                    continue;
                }
                int off = i * k;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, row[off + j] / t);
                }
                double z = 0;
                for (int j = 0; j < k; j++) {
                    z += Math.exp(row[off + j] / t - max);
                }
                sum += max + Math.log(z) - row[off + c] / t;
                n++;
            }
        }
        return sum / n;
    }

    /** Probabilities [B,K] at temperature {@code t}: a new array, rows summing to 1, the same argmax. */
    public static INDArray apply(INDArray probs, double t) {
        if (t == 1.0) {
            return probs;
        }
        // p^(1/T) underflows for tiny p and small T; scaling each row by its largest entry first keeps the winner at 1
        INDArray scaled = probs.divColumnVector(probs.max(1).reshape(-1, 1));
        INDArray sharpened = Transforms.pow(scaled, 1.0 / t, false);
        return sharpened.diviColumnVector(sharpened.sum(1).reshape(-1, 1));
    }
}
