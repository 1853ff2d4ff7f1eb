package org.captchalab.ui;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.captchalab.dataset.Split;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.ComparedReadings;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.Messages;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares two saved runs on the labelled images of the open dataset (only those outside the train split when
 * either run was trained on this folder, since it has learnt them): the grid is filtered to the images
 * that exactly one of them reads correctly, each tile showing what the other run read there (not the loaded
 * model's reading) and the Label tab what each run read on the image shown, and a message gives the counts and which run's training images may be among those counted.
 * Both models are loaded and run in the background on a snapshot of the labels. As for {@link MainViewModel}'s
 * loads, a result is applied only if it is still wanted: the dataset it was computed on is still open and no later
 * comparison was started (the indexes of one dataset mean other images in the next); work no longer wanted stops
 * after its batch. Loading another model ends the comparison's filter: the grid's readings, the Label tab's and the
 * other filters are that model's, and the comparison's captions would be read as about it.
 */
final class RunComparison {

    private static final Logger LOG = LoggerFactory.getLogger(RunComparison.class);
    private static final int BATCH = 128;
    private final MainViewModel main;
    private final BrowserViewModel browser;
    private final Background background;
    private final Consumer<String> notifier;
    /** Counts comparisons and opened datasets: a comparison whose number is no longer this one is dropped. */
    private volatile long request;

    RunComparison(MainViewModel main, BrowserViewModel browser, Background background, Consumer<String> notifier) {
        this.main = main;
        this.browser = browser;
        this.background = background.longJobs(); // reading every image with two runs takes minutes
        this.notifier = notifier;
        main.datasetProperty().addListener((o, was, now) -> request++);
        main.predictorProperty().addListener((o, was, now) -> {
            if (applied != null && browser.filterProperty().get() == applied) {
                browser.filterProperty().set(SampleFilter.of(SampleFilter.Kind.ALL));
            }
            applied = null;
        });
    }

    /** The filter the last comparison set (FX thread), so that loading another model can end it. */
    private SampleFilter applied;

    /**
     * What the comparison found: the images only A reads right and those only B reads right, with both runs'
     * readings of each, and which of the two runs were trained on the open folder.
     */
    private record Outcome(Map<Integer, ComparedReadings> onlyA, Map<Integer, ComparedReadings> onlyB, int unreadable,
                           List<String> trainedHere, String nameA, String nameB) {
    }

    void compare(RunSummary a, RunSummary b) {
        DatasetState state = main.datasetProperty().get();
        if (state == null) {
            return;
        }
        long mine = ++request;
        SampleRow[] rows = state.snapshot();
        Workspace ws = state.workspace();
        // read as the grid reads: in nine shifted views when the Model menu has them on, so that the readings the
        // tiles and the Label tab show for the runs are the kind the loaded model's are
        boolean views = main.shiftedViewsProperty().get();
        // A status line, not a dialog: the user would only have to dismiss it.
        main.showStatus("Comparing " + a.name() + " with " + b.name() + (views ? " in 9 shifted views each" : "")
                + " on the labelled images; the grid will show the images exactly one of them gets right …");
        background.run("compare runs", () -> {
            // a run trained on this folder has learnt its train split: only the other images compare the two fairly
            // (whether it was may ask the file system, so it is found here, off the FX thread)
            List<String> trainedHere = List.of(a, b).stream().filter(r -> DefaultRun.trainedOn(r, ws.folder()))
                    .map(RunSummary::name).distinct().toList();
            boolean heldOutOnly = !trainedHere.isEmpty();
            Predictor pa = main.models().load(a, views);
            Predictor pb = main.models().load(b, views);
            Map<Integer, ComparedReadings> onlyA = new HashMap<>();
            Map<Integer, ComparedReadings> onlyB = new HashMap<>();
            List<SampleRow> batch = new ArrayList<>();
            List<BufferedImage> images = new ArrayList<>();
            int unreadable = 0;
            for (int i = 0; i < rows.length && mine == request; i++) {
                SampleRow r = rows[i];
                if (r.labelled() && !(heldOutOnly && r.split() == Split.TRAIN)) {
                    try {
                        images.add(ws.image(r.index()));
                        batch.add(r);
                    } catch (Exception e) {
                        // changed or removed since the folder was opened: neither run can read it
                        LOG.debug("comparing runs: cannot read image {}", r.index(), e);
                        unreadable++;
                    }
                }
                if (!batch.isEmpty() && (batch.size() == BATCH || i == rows.length - 1)) {
                    List<SamplePrediction> ra = pa.predict(images);
                    List<SamplePrediction> rb = pb.predict(images);
                    for (int k = 0; k < batch.size(); k++) {
                        boolean okA = ra.get(k).text().equals(batch.get(k).label());
                        boolean okB = rb.get(k).text().equals(batch.get(k).label());
                        if (okA != okB) {
                            (okA ? onlyA : onlyB).put(batch.get(k).index(),
                                    new ComparedReadings(pa.name(), ra.get(k), pb.name(), rb.get(k)));
                        }
                    }
                    batch.clear();
                    images.clear();
                }
            }
            return new Outcome(onlyA, onlyB, unreadable, trainedHere, pa.name(), pb.name());
        }, o -> {
            if (mine != request || main.datasetProperty().get() != state) {
                return;
            }
            boolean heldOutOnly = !o.trainedHere().isEmpty();
            // held out from both only when both were trained here; another run's training folder may hold these images
            List<RunSummary> trainedElsewhere = List.of(a, b).stream()
                    .filter(r -> !o.trainedHere().contains(r.name())).toList();
            boolean heldOutFromBoth = heldOutOnly && trainedElsewhere.isEmpty();
            String which = heldOutOnly ? "held-out labelled" : "labelled";
            String why = heldOutOnly ? " (val and test only: " + String.join(" and ", o.trainedHere())
                    + (o.trainedHere().size() == 1 ? " was" : " were") + " trained on this folder's train split"
                    + (heldOutFromBoth ? "" : "; " + includedNote(trainedElsewhere.get(0))) + ")" : "";
            Map<Integer, SampleFilter.Tag> tagged = new HashMap<>();
            // the tile shows what the run that got it wrong read; the Label tab shows both runs' readings
            o.onlyA().forEach((i, r) -> tagged.put(i, new SampleFilter.Tag("only A right", "B", r.readingB(), r)));
            o.onlyB().forEach((i, r) -> tagged.put(i, new SampleFilter.Tag("only B right", "A", r.readingA(), r)));
            main.showStatus(o.nameA() + " alone reads " + o.onlyA().size() + " " + which
                    + (o.onlyA().size() == 1 ? " image" : " images") + " right, " + o.nameB() + " alone "
                    + o.onlyB().size() + why + (o.unreadable() == 0 ? ""
                    : "; " + o.unreadable() + " labelled image" + (o.unreadable() == 1 ? "" : "s")
                    + " could not be read and " + (o.unreadable() == 1 ? "was" : "were") + " left out"));
            // Short lines for the 230-pixel list (which wraps them); each tile says which run read it right and
            // what the other read. "Held out" only when it is, from both.
            applied = SampleFilter.chosen("Right in one run only" + (heldOutFromBoth ? " (held out)"
                    : heldOutOnly ? " (val and test)" : "") + "\nA " + o.nameA() + ": "
                    + o.onlyA().size() + "\nB " + o.nameB() + ": " + o.onlyB().size(), tagged);
            browser.filterProperty().set(applied);
        }, e -> {
            if (mine == request && main.datasetProperty().get() == state) {
                notifier.accept("Could not compare the runs: " + Messages.oneLine(e));
            }
        });
    }

    /** Why the images compared may include some {@code run} learnt from: it was trained on another folder. */
    private static String includedNote(RunSummary run) {
        return run.datasetPath() == null
                ? run.name() + "'s run.json does not name the folder it was trained on, so its training images may be"
                        + " among these"
                : run.name() + " was trained on " + run.datasetPath() + ", and any of these images it trained on are"
                        + " counted too";
    }
}
