package org.captchalab.ui.analysis;

import java.util.TreeSet;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.SampleRow;

/**
 * Confusion counts of one position (rows: true character, columns: predicted character, both in alphabet
 * order), the accuracy of every position and of the whole sequence, over labelled, predicted images of one split
 * (or all). Images in a conflict (an identical image has another label) are left out, as {@code eval} leaves them
 * out: at most one of their labels is right, so they measure nothing; {@code conflictsLeftOut} says how many.
 */
public record Confusion(String chars, int position, int[][] counts, double[] positionAccuracy, double sequenceAccuracy,
                        int images, int conflictsLeftOut) {

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
        int wholeRight = 0;
        int leftOut = 0;
        for (SampleRow r : rows) {
            if (!r.labelled() || r.prediction() == null || (split != null && r.split() != split)) {
                continue;
            }
            if (r.conflict()) {
                leftOut++;
                continue;
            }
            String label = r.label();
            String pred = r.prediction().text();
            images++;
            if (label.equals(pred)) {
                wholeRight++;
            }
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
        return new Confusion(chars, position, counts, acc, images == 0 ? 0 : wholeRight / (double) images, images,
                leftOut);
    }

    /** The tab's header: "598 labelled images with a prediction (6 conflicting duplicates left out)". */
    public String summary() {
        return images + (images == 1 ? " labelled image" : " labelled images") + " with a prediction"
                + (conflictsLeftOut == 0 ? "" : " (" + conflictsLeftOut + (conflictsLeftOut == 1
                        ? " conflicting duplicate" : " conflicting duplicates") + " left out)");
    }

    private static String withOthersAt(SampleRow[] rows, String chars, int position, Split split) {
        TreeSet<Character> others = new TreeSet<>();
        for (SampleRow r : rows) {
            if (!r.labelled() || r.prediction() == null || r.conflict() || (split != null && r.split() != split)) {
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
