package org.captchalab.ui.training;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.captchalab.ui.backend.TrainingEvents;

/**
 * The chart data of the current run: smoothed training loss per iteration and validation loss per epoch
 * (both against the iteration), and per-position and full-sequence accuracy per epoch for train and val.
 * Fed in batches on the FX thread by {@link TrainingViewModel#drain()}; iteration points are thinned so a
 * long run keeps at most a few thousand points on screen.
 */
public final class TrainingCharts {

    private static final double SMOOTHING = 0.9;
    private static final int MAX_LOSS_POINTS = 2000;

    private final XYChart.Series<Number, Number> trainLoss = series("train loss (moving average)");
    private final XYChart.Series<Number, Number> valLoss = series("val loss");
    private final ObservableList<XYChart.Series<Number, Number>> lossSeries =
            FXCollections.observableArrayList(List.of(trainLoss, valLoss));
    private final ObservableList<XYChart.Series<Number, Number>> accuracySeries = FXCollections.observableArrayList();
    private double smoothed = Double.NaN;
    private long lossStride = 1;
    /**
     * Whether the charts are on screen. While they are not (another tab is selected) records wait here instead of
     * changing the series: a chart in a hidden tab is still laid out, and its axis auto-ranging and label layout on
     * every update cost the FX thread pulses while the user scrolls the grid during a run. Showing the charts
     * again adds everything that waited in one update.
     */
    private boolean showing = true;
    private final List<Object> deferred = new ArrayList<>();

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    /** FX thread: whether the charts are visible; turning it on applies what was deferred meanwhile. */
    public void setShowing(boolean show) {
        if (show == showing) {
            return;
        }
        showing = show;
        if (show && !deferred.isEmpty()) {
            List<Object> waiting = new ArrayList<>(deferred);
            deferred.clear();
            List<TrainingEvents.Iteration> its = new ArrayList<>();
            for (Object o : waiting) {
                if (o instanceof TrainingEvents.Iteration it) {
                    its.add(it);
                } else {
                    addIterations(its);
                    its.clear();
                    addEpoch((TrainingEvents.Epoch) o);
                }
            }
            addIterations(its);
        }
    }

    /** Records waiting for the charts to be shown (for tests). */
    int deferredCount() {
        return deferred.size();
    }

    public void clear() {
        deferred.clear();
        trainLoss.getData().clear();
        valLoss.getData().clear();
        accuracySeries.clear();
        smoothed = Double.NaN;
        lossStride = 1;
    }

    /** Adds a batch of iteration records (the drained queue) in one chart update. */
    public void addIterations(List<TrainingEvents.Iteration> its) {
        if (!showing) {
            deferred.addAll(its);
            return;
        }
        if (its.isEmpty()) {
            return;
        }
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        for (TrainingEvents.Iteration it : its) {
            if (!Double.isFinite(it.loss())) {
                continue;
            }
            smoothed = Double.isNaN(smoothed) ? it.loss() : SMOOTHING * smoothed + (1 - SMOOTHING) * it.loss();
            if (it.iteration() % lossStride == 0) {
                points.add(new XYChart.Data<>(it.iteration(), smoothed));
            }
        }
        trainLoss.getData().addAll(points);
        if (trainLoss.getData().size() > MAX_LOSS_POINTS) {
            // Keep every other point and halve the rate from now on.
            List<XYChart.Data<Number, Number>> kept = new ArrayList<>();
            for (int i = 0; i < trainLoss.getData().size(); i += 2) {
                kept.add(new XYChart.Data<>(trainLoss.getData().get(i).getXValue(), trainLoss.getData().get(i).getYValue()));
            }
            trainLoss.getData().setAll(kept);
            lossStride *= 2;
        }
    }

    public void addEpoch(TrainingEvents.Epoch ep) {
        if (!showing) {
            deferred.add(ep);
            return;
        }
        if (Double.isFinite(ep.valLoss())) {
            valLoss.getData().add(new XYChart.Data<>(ep.iteration(), ep.valLoss()));
        }
        int positions = Math.max(ep.trainPositionAccuracy().length, ep.valPositionAccuracy().length);
        if (accuracySeries.isEmpty()) {
            // Train and validation of each measure side by side: series 2k and 2k+1, which the style sheet draws
            // in one colour per measure, train solid and validation dashed (#accuracyChart .seriesN).
            accuracySeries.add(series("train sequence"));
            accuracySeries.add(series("val sequence"));
            for (int i = 0; i < positions; i++) {
                accuracySeries.add(series("train pos " + (i + 1)));
                accuracySeries.add(series("val pos " + (i + 1)));
            }
        }
        accuracySeries.get(0).getData().add(new XYChart.Data<>(ep.epoch(), ep.trainSequenceAccuracy()));
        accuracySeries.get(1).getData().add(new XYChart.Data<>(ep.epoch(), ep.valSequenceAccuracy()));
        for (int i = 0; i < ep.trainPositionAccuracy().length && 2 + 2 * i < accuracySeries.size(); i++) {
            accuracySeries.get(2 + 2 * i).getData().add(new XYChart.Data<>(ep.epoch(), ep.trainPositionAccuracy()[i]));
        }
        for (int i = 0; i < ep.valPositionAccuracy().length && 3 + 2 * i < accuracySeries.size(); i++) {
            accuracySeries.get(3 + 2 * i).getData().add(new XYChart.Data<>(ep.epoch(), ep.valPositionAccuracy()[i]));
        }
    }

    public ObservableList<XYChart.Series<Number, Number>> lossSeries() {
        return lossSeries;
    }

    public ObservableList<XYChart.Series<Number, Number>> accuracySeries() {
        return accuracySeries;
    }

    public int lossPointCount() {
        return trainLoss.getData().size() + valLoss.getData().size();
    }
}
