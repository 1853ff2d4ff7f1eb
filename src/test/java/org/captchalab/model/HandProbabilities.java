package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** References for predictor tests: probabilities worked out by hand, one network pass per view, in doubles. */
final class HandProbabilities {

    private HandProbabilities() {
    }

    /**
     * {@code net}'s probabilities over {@code views} of {@code images}, averaged, then taken to temperature {@code t}
     * (as {@link Predictor} applies it, to the mean): [image][position][class].
     */
    static double[][][] of(CaptchaNetwork net, List<byte[]> images, double t, TestTimeShifts views) {
        NetworkSpec spec = net.spec();
        double[][][] mean = new double[images.size()][spec.length()][spec.classes()];
        for (TestTimeShifts.Shift s : views.shifts()) {
            List<byte[]> shifted = new ArrayList<>();
            for (byte[] img : images) {
                shifted.add(TestTimeShifts.shifted(img, spec.width(), spec.height(), s));
            }
            INDArray[] probs = net.probabilities(ImageTensors.images(shifted, spec));
            for (int p = 0; p < spec.length(); p++) {
                for (int i = 0; i < images.size(); i++) {
                    for (int k = 0; k < spec.classes(); k++) {
                        mean[i][p][k] += probs[p].getDouble(i, k) / views.views();
                    }
                }
            }
        }
        if (t != 1.0) {
            for (double[][] image : mean) {
                for (double[] row : image) {
                    sharpen(row, t);
                }
            }
        }
        return mean;
    }

    /** {@code row} to the power 1/t, normalised again, in place. */
    static void sharpen(double[] row, double t) {
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = Math.pow(row[k], 1 / t);
            sum += row[k];
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= sum;
        }
    }

    /** The element-wise mean of two [image][position][class] arrays. */
    static double[][][] mean(double[][][] a, double[][][] b) {
        double[][][] out = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length][];
            for (int p = 0; p < a[i].length; p++) {
                out[i][p] = new double[a[i][p].length];
                for (int k = 0; k < a[i][p].length; k++) {
                    out[i][p][k] = (a[i][p][k] + b[i][p][k]) / 2;
                }
            }
        }
        return out;
    }

    /**
     * Checks that each prediction picks the best class of {@code expected} (or one tied with it within float
     * rounding), at its probability. Classes are the lowercase letters.
     */
    static void assertReads(List<SequencePrediction> got, double[][][] expected) {
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.size(); i++) {
            for (int p = 0; p < expected[i].length; p++) {
                PositionPrediction pp = got.get(i).positions().get(p);
                int best = 0;
                for (int k = 1; k < expected[i][p].length; k++) {
                    best = expected[i][p][k] > expected[i][p][best] ? k : best;
                }
                assertThat(expected[i][p][pp.best() - 'a']).as("image " + i + " position " + p)
                        .isCloseTo(expected[i][p][best], within(1e-6));
                assertThat(pp.probability()).as("image " + i + " position " + p).isCloseTo(expected[i][p][best], within(1e-5));
            }
        }
    }
}
