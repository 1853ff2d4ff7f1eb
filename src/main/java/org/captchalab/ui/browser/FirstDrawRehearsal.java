package org.captchalab.ui.browser;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.StackPane;
import org.captchalab.ui.prediction.PositionBars;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the FX thread's side of drawing a prediction once, off screen, with a made-up one: the grid's tile
 * painter on a canvas that is never shown, and the detail panel's bars in a scene of their own, styled and
 * laid out. So the first real predictions of a session do not pay for it in a visible frame.
 *
 * <p>Why: the first prediction drawn in a JVM runs code nothing ran before: string-concatenation call sites
 * that JDK bootstraps by generating classes, the bars' CSS and label skins, text layout of the reading
 * colours. The pulse benchmark caught that first drawing holding the FX thread for 26-31 ms of CPU (a 50-65 ms
 * gap between pulses) when a window without a model showed the predictions of its first training run. Done
 * once when the window opens, where it costs a few tens of milliseconds inside the opening's own frames.
 */
public final class FirstDrawRehearsal {

    private static final Logger LOG = LoggerFactory.getLogger(FirstDrawRehearsal.class);
    private static boolean done;

    private FirstDrawRehearsal() {
    }

    /** FX thread: rehearses once per JVM with the window's style sheets; a failure is logged, not thrown. */
    public static void run(List<String> stylesheets) {
        if (done) {
            return;
        }
        done = true;
        long t0 = System.nanoTime();
        try {
            rehearse(stylesheets);
            LOG.debug("first-draw rehearsal took {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("first-draw rehearsal failed (drawing is not affected): {}", e.toString());
        }
    }

    /** The rehearsal itself (FX thread); returns the detail panel's bars as laid out, for the test. */
    static PositionBars rehearse(List<String> stylesheets) {
        SamplePrediction p = new SamplePrediction(List.of(
                top3('a', 'o', 'e'), top3('b', 'h', 'k'), top3('c', 'e', 'o'), top3('d', 'a', 'q')));
        for (SampleRow row : List.of(
                new SampleRow(0, "rehearsal/abce.png", "abce", "abce", null, false, 0, p),
                new SampleRow(1, "rehearsal/unlabelled.png", null, null, null, false, 0, p))) {
            Canvas canvas = new Canvas(260, 160);
            new TilePainter(129, 53).paint(canvas.getGraphicsContext2D(), 0, 0, row, false, row.index() == 0,
                    new SampleFilter.Tag("only A right", "B", p));
        }
        TilePainter.percent(0.05);
        PositionBars bars = new PositionBars();
        Scene scene = new Scene(new StackPane(bars), 600, 300);
        scene.getStylesheets().setAll(stylesheets);
        bars.show(p, null);
        bars.show(p, "abce");
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        return bars;
    }

    private static List<Candidate> top3(char a, char b, char c) {
        return List.of(new Candidate(a, 0.81), new Candidate(b, 0.12), new Candidate(c, 0.04));
    }
}
