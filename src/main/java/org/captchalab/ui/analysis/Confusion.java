package org.captchalab.ui.analysis;

import java.util.TreeSet;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.SampleRow;

/**
 * Confusion counts of one position (rows: true character, columns: predicted character, both in alphabet
 * order) and the accuracy of every position, over labelled, predicted images of one split (or all).
 */
public record Confusion(String chars, int position, int[][] counts, double[] positionAccuracy, int images) {

    /**
     * Counts over a snapshot; pure, runs on a worker thread. The rows and columns are {@code chars} (the dataset's
     * alphabet) followed, in code order, by any other character a label or prediction has at the position: a model
     * may know characters these labels do not use, and its misreadings into them are shown too.
     */
    public static Confusion count(SampleRow[] rows, String datasetChars, int length, int position, Split split) {
        String chars = withOthersAt(rows, datasetChars, position, split);
        int k = chars.length();
        int[][] counts = new int[k][k];
        int[] right = new int[length];
        int images = 0;
        for (SampleRow r : rows) {
            if (!r.labelled() || r.prediction() == null || (split != null && r.split() != split)) {
                continue;
            }
            String label = r.label();
            String pred = r.prediction().text();
            images++;
            for (int p = 0; p < length && p < label.length() && p < pred.length(); p++) {
                if (label.charAt(p) == pred.charAt(p)) {
                    right[p]++;
                }
                if (p == position) {
                    int t = chars.indexOf(label.charAt(p));
                    int q = chars.indexOf(pred.charAt(p));
                    if (t >= 0 && q >= 0) {
                        counts[t][q]++;
                    }
                }
            }
        }
        double[] acc = new double[length];
        for (int p = 0; p < length; p++) {
            acc[p] = images == 0 ? 0 : right[p] / (double) images;
        }
        return new Confusion(chars, position, counts, acc, images);
    }

    private static String withOthersAt(SampleRow[] rows, String chars, int position, Split split) {
        TreeSet<Character> others = new TreeSet<>();
        for (SampleRow r : rows) {
            if (!r.labelled() || r.prediction() == null || (split != null && r.split() != split)) {
                continue;
            }
            for (String text : new String[] {r.label(), r.prediction().text()}) {
                if (position < text.length() && chars.indexOf(text.charAt(position)) < 0) {
                    others.add(text.charAt(position));
                }
            }
        }
        StringBuilder all = new StringBuilder(chars);
        others.forEach(all::append);
        return all.toString();
    }

    /** What the cell (true, predicted) counts, as its tooltip says: "true 'i' read as 'l': 9 images (8.3% of 'i')". */
    public String describe(int trueIndex, int predictedIndex) {
        char t = chars.charAt(trueIndex);
        int n = counts[trueIndex][predictedIndex];
        int ofTrue = 0;
        for (int v : counts[trueIndex]) {
            ofTrue += v;
        }
        String share = ofTrue == 0 ? "" : String.format(java.util.Locale.ROOT, " (%.1f%% of '%c')", 100.0 * n / ofTrue, t);
        return "true '" + t + "' read as '" + chars.charAt(predictedIndex) + "': " + n + (n == 1 ? " image" : " images") + share;
    }

    public int max() {
        int m = 0;
        for (int[] row : counts) {
            for (int c : row) {
                m = Math.max(m, c);
            }
        }
        return m;
    }
}
