package org.captchalab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.captchalab.training.EpochMetrics;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.TrainingListener;

/**
 * Prints a run to the console: one line per epoch, and within an epoch a progress bar redrawn in place on the
 * error stream (only on a terminal, at most a few times a second, so logs stay clean).
 */
final class ConsoleProgress implements TrainingListener {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean bar;
    private long lastDraw;

    ConsoleProgress(PrintWriter out, PrintWriter err, boolean bar) {
        this.out = out;
        this.err = err;
        this.bar = bar;
    }

    @Override
    public void iterationDone(IterationMetrics m) {
        long now = System.currentTimeMillis();
        if (!bar) {
            // not a terminal (a log file): a plain progress line at most every 30 s
            if (now - lastDraw >= 30_000 && m.batchInEpoch() < m.batchesPerEpoch()) {
                if (lastDraw != 0) {
                    out.printf(Locale.ROOT, "  epoch %d: %d/%d minibatches, loss %.3f, %.0f img/s%n", m.epoch(),
                            m.batchInEpoch(), m.batchesPerEpoch(), m.totalLoss(), m.imagesPerSecond());
                    out.flush();
                }
                lastDraw = now;
            }
            return;
        }
        if (now - lastDraw < 250 && m.batchInEpoch() < m.batchesPerEpoch()) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int done = (int) Math.round(width * m.batchInEpoch() / (double) m.batchesPerEpoch());
        err.printf(Locale.ROOT, "\repoch %d [%s%s] %d/%d loss %.3f %.0f img/s ", m.epoch(), "=".repeat(done),
                " ".repeat(width - done), m.batchInEpoch(), m.batchesPerEpoch(), m.totalLoss(), m.imagesPerSecond());
        err.flush();
    }

    @Override
    public void epochDone(EpochMetrics m) {
        if (bar) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
        }
        out.printf(Locale.ROOT, "epoch %3d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  pos %s  %.0f s, %.0f img/s%n",
                m.epoch(), m.trainLoss(), m.trainSequenceAccuracy(), m.valLoss(), m.valSequenceAccuracy(),
                percentages(m.valPositionAccuracy()), m.seconds(), m.imagesPerSecond());
        out.flush();
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public void leftOut(String note) {
        err.println("note: " + note);
        err.flush();
    }

    static String percentages(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", values[i]));
        }
        return sb.append(']').toString();
    }
}
