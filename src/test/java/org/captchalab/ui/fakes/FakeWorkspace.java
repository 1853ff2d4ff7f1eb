package org.captchalab.ui.fakes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Split;
import org.captchalab.ui.backend.LabelChange;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/** An in-memory workspace for ViewModel tests: labels with an undo stack, synthetic images. */
public final class FakeWorkspace implements Workspace {

    private final List<SampleRow> rows = new ArrayList<>();
    private final String[] labels;
    private final Deque<LabelChange[]> undo = new ArrayDeque<>();
    private final Deque<LabelChange[]> redo = new ArrayDeque<>();
    public final List<String> saved = new ArrayList<>();
    /** Reading an image fails (as an unreadable file would). */
    public volatile boolean failImages;
    /** Reading this one image fails (a file changed since the folder was opened); -1 for none. */
    public volatile int unreadableImage = -1;

    /** {@code n} samples labelled "abcd"-like; every third prediction is wrong at position 2. */
    public FakeWorkspace(int n) {
        labels = new String[n];
        for (int i = 0; i < n; i++) {
            String label = labelFor(i);
            String predicted = i % 3 == 0 ? label.substring(0, 1) + 'z' + label.substring(2) : label;
            labels[i] = i % 10 == 9 ? null : label;
            Split split = i % 10 < 8 ? Split.TRAIN : i % 10 == 8 ? Split.VAL : Split.TEST;
            rows.add(new SampleRow(i, "img/" + String.format("%06d", i) + "_" + label + ".png", labels[i], labels[i],
                    split, false, 0, prediction(predicted, i % 3 == 0 ? 0.95 : 0.99)));
        }
    }

    static String labelFor(int i) {
        char[] c = new char[4];
        for (int k = 0; k < 4; k++) {
            c[k] = (char) ('a' + (i / (k + 1) + k * 7) % 25);
        }
        return new String(c);
    }

    public static SamplePrediction prediction(String text, double p) {
        List<List<Candidate>> pos = new ArrayList<>();
        for (char c : text.toCharArray()) {
            char second = c == 'y' ? 'x' : 'y';
            pos.add(List.of(new Candidate(c, p), new Candidate(second, (1 - p) * 0.7), new Candidate('q', (1 - p) * 0.2)));
        }
        return new SamplePrediction(pos);
    }

    @Override public Path folder() { return Path.of("fake"); }
    @Override public Alphabet alphabet() { return Alphabet.LOWERCASE; }
    @Override public int labelLength() { return 4; }
    @Override public CaseRule caseRule() { return CaseRule.FOLD_LOWER; }
    @Override public int[] inputSize() { return new int[] {129, 53}; }
    @Override public List<SampleRow> rows() { return rows; }
    /** What the loader would have reported, and the store's notice for a read-only folder (null: none). */
    public volatile List<String> problems = List.of();
    public volatile String storeNotice;

    @Override public List<String> problems() { return problems; }
    @Override public Optional<String> storeNotice() { return Optional.ofNullable(storeNotice); }
    /** Where its runs are looked up. */
    public volatile Path modelsFolder = Path.of("fake-models");

    @Override public Path modelsFolder() { return modelsFolder; }

    @Override
    public BufferedImage image(int index) {
        if (failImages || index == unreadableImage) {
            throw new IllegalStateException("cannot read image " + index);
        }
        BufferedImage img = new BufferedImage(129, 53, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(230, 230, 240));
        g.fillRect(0, 0, 129, 53);
        g.setColor(Color.DARK_GRAY);
        g.drawString(labelFor(index), 30, 32);
        g.dispose();
        return img;
    }

    /** How long each save takes, as a slow disk would. */
    public volatile long saveMillis;
    /** When set, saves fail as a full disk would. */
    public volatile boolean failSaves;

    @Override
    public synchronized LabelChange saveLabel(int index, String label) throws java.io.IOException {
        if (saveMillis > 0) {
            try {
                Thread.sleep(saveMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException("interrupted while saving", e);
            }
        }
        if (failSaves) {
            throw new java.io.IOException("No space left on device");
        }
        LabelChange before = new LabelChange(index, labels[index], 1);
        labels[index] = label;
        LabelChange after = new LabelChange(index, label, System.currentTimeMillis());
        undo.push(new LabelChange[] {before, after});
        redo.clear();
        saved.add(index + "=" + label);
        return after;
    }

    @Override
    public synchronized Optional<LabelChange> undo() {
        if (undo.isEmpty()) {
            return Optional.empty();
        }
        LabelChange[] e = undo.pop();
        redo.push(e);
        labels[e[0].index()] = e[0].label();
        return Optional.of(e[0]);
    }

    @Override
    public synchronized Optional<LabelChange> redo() {
        if (redo.isEmpty()) {
            return Optional.empty();
        }
        LabelChange[] e = redo.pop();
        undo.push(e);
        labels[e[1].index()] = e[1].label();
        return Optional.of(e[1]);
    }

    /** Writes {@code path,label} rows of the labels stored now, as the real export does (no refusals here). */
    @Override
    public synchronized org.captchalab.dataset.LabelExport.Result exportLabels(java.nio.file.Path csv)
            throws java.io.IOException {
        StringBuilder sb = new StringBuilder("filename,label\n");
        int unlabelled = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                unlabelled++;
            } else {
                sb.append(rows.get(i).path()).append(',').append(labels[i]).append('\n');
            }
        }
        java.nio.file.Files.writeString(csv, sb);
        return new org.captchalab.dataset.LabelExport.Result(labels.length - unlabelled, unlabelled);
    }

    public synchronized String storedLabel(int index) {
        return labels[index];
    }

    /** What {@link #cachedPredictions} returns, whatever the model. */
    public volatile java.util.Map<Integer, SamplePrediction> cached = java.util.Map.of();

    @Override
    public java.util.Map<Integer, SamplePrediction> cachedPredictions(String modelId) {
        return cached;
    }

    @Override
    public void cachePredictions(String modelId, java.util.Map<Integer, SamplePrediction> predictions) {
        Runnable hook = onCachePredictions;
        if (hook != null) {
            hook.run();
        }
    }

    /** Run as fresh readings are stored: after the last of them is shown, before the refresh has ended. */
    public volatile Runnable onCachePredictions;

    private final List<int[]> identical = new ArrayList<>();

    /**
     * Makes these images byte-identical copies of one another, as {@link #identicalImages} reports, their rows
     * flagged as a store would open them (by their labels now).
     */
    public FakeWorkspace identical(int... indices) {
        identical.add(indices.clone());
        List<String> labels = new ArrayList<>();
        for (int i : indices) {
            labels.add(this.labels[i]);
        }
        boolean disagree = org.captchalab.dataset.ConflictGroup.disagree(labels);
        for (int i : indices) {
            rows.set(i, rows.get(i).withConflict(disagree && this.labels[i] != null));
        }
        return this;
    }

    @Override
    public List<int[]> identicalImages() {
        return identical;
    }

    @Override
    public void close() {
    }
}
