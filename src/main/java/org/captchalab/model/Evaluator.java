package org.captchalab.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores predictions against labels: accuracies, loss and confusions, as an {@link EvalReport}. */
public final class Evaluator {

    private Evaluator() {
    }

    /** Predicts {@code images} with {@code predictor} and compares with {@code labels} (same order, same length). */
    public static EvalReport evaluate(Predictor predictor, List<byte[]> images, List<String> labels) {
        double[] losses = new double[images.size()];
        List<SequencePrediction> predictions = predictor.predict(images, labels, losses);
        return score(predictions, labels, losses, predictor.spec().length());
    }

    /** Scores predictions already made; {@code losses} (per image) may be null, giving a NaN loss. */
    public static EvalReport score(List<SequencePrediction> predictions, List<String> labels, double[] losses, int length) {
        int n = labels.size();
        int full = 0;
        int[] right = new int[length];
        double loss = 0;
        List<Map<Long, Integer>> counts = new ArrayList<>();
        for (int p = 0; p < length; p++) {
            counts.add(new HashMap<>());
        }
        for (int i = 0; i < n; i++) {
            SequencePrediction pred = predictions.get(i);
            String label = labels.get(i);
            boolean all = true;
            for (int p = 0; p < length; p++) {
                PositionPrediction pp = pred.positions().get(p);
                char truth = label.charAt(p);
                if (pp.best() == truth) {
                    right[p]++;
                } else {
                    all = false;
                    counts.get(p).merge(((long) truth << 16) | pp.best(), 1, Integer::sum);
                }
            }
            full += all ? 1 : 0;
            loss += losses == null ? Double.NaN : losses[i];
        }
        double[] acc = new double[length];
        List<List<Confusion>> confusions = new ArrayList<>();
        for (int p = 0; p < length; p++) {
            acc[p] = n == 0 ? 0 : right[p] / (double) n;
            int pos = p;
            List<Confusion> list = new ArrayList<>();
            counts.get(p).forEach((k, c) -> list.add(new Confusion(pos, (char) (k >>> 16), (char) (k & 0xffff), c)));
            list.sort(Comparator.comparingInt(Confusion::count).reversed()
                    .thenComparing(Confusion::truth).thenComparing(Confusion::predicted));
            confusions.add(list);
        }
        return new EvalReport(n, n == 0 ? 0 : full / (double) n, acc, n == 0 ? 0 : loss / n, confusions, predictions);
    }
}
