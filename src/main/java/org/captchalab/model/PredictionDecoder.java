package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns per-position probability arrays into {@link SequencePrediction}s. */
public final class PredictionDecoder {

    static final int TOP = 3;

    private PredictionDecoder() {
    }

    public static List<SequencePrediction> decode(INDArray[] probs, Alphabet alphabet) {
        return decode(probs, alphabet, null, null, 0);
    }

    /**
     * Decodes, and when {@code labels} is given also writes each image's loss (softmax cross-entropy summed
     * over positions, from the full distribution) to {@code losses[offset + i]}.
     */
    public static List<SequencePrediction> decode(INDArray[] probs, Alphabet alphabet, List<String> labels,
                                                  double[] losses, int offset) {
        int batch = Math.toIntExact(probs[0].size(0));
        float[][] perPos = new float[probs.length][];
        for (int p = 0; p < probs.length; p++) {
            perPos[p] = probs[p].dup('c').data().asFloat();
        }
        int k = alphabet.size();
        List<SequencePrediction> out = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            List<PositionPrediction> positions = new ArrayList<>(probs.length);
            for (int p = 0; p < probs.length; p++) {
                positions.add(position(perPos[p], i * k, k, alphabet));
            }
            out.add(new SequencePrediction(positions));
            if (labels != null) {
                double loss = 0;
                for (int p = 0; p < probs.length; p++) {
                    int c = alphabet.indexOf(labels.get(i).charAt(p));
                    loss -= Math.log(Math.max(1e-12, c < 0 ? 0 : perPos[p][i * k + c]));
                }
                losses[offset + i] = loss;
            }
        }
        return out;
    }

    private static PositionPrediction position(float[] row, int offset, int k, Alphabet alphabet) {
        int[] best = new int[Math.min(TOP, k)];
        java.util.Arrays.fill(best, -1);
        for (int c = 0; c < k; c++) {
            float v = row[offset + c];
            for (int t = 0; t < best.length; t++) {
                if (best[t] < 0 || v > row[offset + best[t]]) {
                    System.arraycopy(best, t, best, t + 1, best.length - t - 1);
                    best[t] = c;
                    break;
                }
            }
        }
        List<Candidate> top = new ArrayList<>(best.length);
        for (int c : best) {
            top.add(new Candidate(alphabet.charAt(c), row[offset + c]));
        }
        return new PositionPrediction(top.get(0).character(), top.get(0).probability(), top);
    }
}
