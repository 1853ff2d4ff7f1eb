package org.captchalab.ui.backend;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ImageTensors;
import org.captchalab.model.NetworkSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Loss and accuracies of a network on labelled images (summed cross-entropy over heads, per image mean). */
record Evaluation(double loss, double[] positionAccuracy, double sequenceAccuracy) {

    record Item(String label, byte[] pixels) {
    }

    private static final int BATCH = 128;

    static Evaluation of(CaptchaNetwork net, NetworkSpec spec, Alphabet alphabet, List<Item> items) {
        int length = spec.length();
        if (items.isEmpty()) {
            double[] nan = new double[length];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Evaluation(Double.NaN, nan, Double.NaN);
        }
        double loss = 0;
        int[] right = new int[length];
        int allRight = 0;
        for (int from = 0; from < items.size(); from += BATCH) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + BATCH));
            List<byte[]> px = new ArrayList<>(chunk.size());
            chunk.forEach(i -> px.add(i.pixels()));
            INDArray[] probs = net.probabilities(ImageTensors.images(px, spec));
            for (int b = 0; b < chunk.size(); b++) {
                String label = chunk.get(b).label();
                boolean all = true;
                for (int p = 0; p < length; p++) {
                    INDArray row = probs[p].getRow(b);
                    int truth = alphabet.indexOf(label.charAt(p));
                    loss -= Math.log(Math.max(1e-7, row.getDouble(truth)));
                    boolean ok = row.argMax().getInt(0) == truth;
                    right[p] += ok ? 1 : 0;
                    all &= ok;
                }
                allRight += all ? 1 : 0;
            }
        }
        double[] acc = new double[length];
        for (int p = 0; p < length; p++) {
            acc[p] = right[p] / (double) items.size();
        }
        return new Evaluation(loss / items.size(), acc, allRight / (double) items.size());
    }
}
