package org.captchalab.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import org.captchalab.ui.backend.TrainingEvents;

/**
 * The chart data of the current run: smoothed training loss per iteration and validation loss per epoch
 * (both against the iteration), and per-position and full-sequence accuracy per epoch for train and val.
 * Fed in batches on the FX thread by {@link TrainingViewModel#drain()}. The training loss keeps at most
 * {@value #MAX_LOSS_POINTS} points however long the run: past that only every other iteration kept so far is kept,
 * and half as many from then on, so a chart update never touches more than that many points.
 */
public final class TrainingCharts {

    private static final double SMOOTHING = 0.9;
    static final int MAX_LOSS_POINTS = 1000;
    /**
     * How many position colours the style sheet defines ({@code position-colour-1} ...); a longer label uses them
     * again from the first.
     */
    static final int POSITION_COLOURS = 12;
    /** The dashes of a validation line (and of the legend's validation key). */
    static final double[] VALIDATION_DASH = {6, 4};

    private final XYChart.Series<Number, Number> trainLoss = series("train loss (moving average)");
    private final XYChart.Series<Number, Number> valLoss = series("val loss");
    private final ObservableList<XYChart.Series<Number, Number>> lossSeries =
            FXCollections.observableArrayList(List.of(trainLoss, valLoss));
    private final ObservableList<XYChart.Series<Number, Number>> accuracySeries = FXCollections.observableArrayList();
    private double smoothed = Double.NaN;
    private long lossStride = 1;
    /** The training-loss points (iteration, smoothed loss), kept whether or not the charts are shown. */
    private final List<double[]> trainPoints = new ArrayList<>();
    /** Whether {@link #trainPoints} changed while the charts were hidden. */
    private boolean trainPointsWaiting;
    /** Makes the marker of each validation-loss point (the loss chart draws no marker of its own); null: none. */
    private Supplier<Node> valLossMarker;
    /**
     * Whether the charts are on screen. While they are not (another tab is selected) the series are left alone: a
     * chart in a hidden tab is still laid out, and its axis auto-ranging and label layout on every update cost the
     * FX thread pulses while the user scrolls the grid during a run. The training loss goes on being recorded (and
     * thinned); epochs wait, a few records per epoch. Showing the charts again applies it all in one update.
     */
    private boolean showing = true;
    private final List<TrainingEvents.Epoch> deferredEpochs = new ArrayList<>();

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    /**
     * FX thread: gives each validation-loss point a marker node made by {@code marker}, for a chart that creates no
     * symbols itself (2,000 invisible symbols on the training loss cost every layout of the chart).
     */
    public void setValLossMarker(Supplier<Node> marker) {
        this.valLossMarker = marker;
    }

    /** FX thread: whether the charts are visible; turning it on applies what waited meanwhile. */
    public void setShowing(boolean show) {
        if (show == showing) {
            return;
        }
        showing = show;
        if (show) {
            if (trainPointsWaiting) {
                trainLoss.getData().setAll(data(trainPoints));
                trainPointsWaiting = false;
            }
            List<TrainingEvents.Epoch> waiting = new ArrayList<>(deferredEpochs);
            deferredEpochs.clear();
            waiting.forEach(this::addEpoch);
        }
    }

    /** Records waiting for the charts to be shown (for tests): the epochs, and 1 for the training loss if it changed. */
    int deferredCount() {
        return deferredEpochs.size() + (trainPointsWaiting ? 1 : 0);
    }

    public void clear() {
        deferredEpochs.clear();
        trainPoints.clear();
        trainPointsWaiting = false;
        trainLoss.getData().clear();
        valLoss.getData().clear();
        accuracySeries.clear();
        smoothed = Double.NaN;
        lossStride = 1;
    }

    /** Adds a batch of iteration records (the drained queue) in one chart update. */
    public void addIterations(List<TrainingEvents.Iteration> its) {
        int before = trainPoints.size();
        for (TrainingEvents.Iteration it : its) {
            if (!Double.isFinite(it.loss())) {
                continue;
            }
            smoothed = Double.isNaN(smoothed) ? it.loss() : SMOOTHING * smoothed + (1 - SMOOTHING) * it.loss();
            if (it.iteration() % lossStride == 0) {
                trainPoints.add(new double[] {it.iteration(), smoothed});
            }
        }
        boolean thinned = false;
        while (trainPoints.size() > MAX_LOSS_POINTS) {
            // keep every other point and halve the rate from now on
            long stride = lossStride * 2;
            trainPoints.removeIf(p -> (long) p[0] % stride != 0);
            lossStride = stride;
            thinned = true;
        }
        if (!thinned && trainPoints.size() == before) {
            return;
        }
        if (!showing) {
            trainPointsWaiting = true;
        } else if (thinned || trainPointsWaiting) {
            trainLoss.getData().setAll(data(trainPoints));
            trainPointsWaiting = false;
        } else {
            trainLoss.getData().addAll(data(trainPoints.subList(before, trainPoints.size())));
        }
    }

    private static List<XYChart.Data<Number, Number>> data(List<double[]> points) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>(points.size());
        for (double[] p : points) {
            out.add(new XYChart.Data<>((long) p[0], p[1]));
        }
        return out;
    }

    public void addEpoch(TrainingEvents.Epoch ep) {
        if (!showing) {
            deferredEpochs.add(ep);
            return;
        }
        if (Double.isFinite(ep.valLoss())) {
            XYChart.Data<Number, Number> point = new XYChart.Data<>(ep.iteration(), ep.valLoss());
            if (valLossMarker != null) {
                point.setNode(valLossMarker.get());
            }
            valLoss.getData().add(point);
        }
        int positions = Math.max(ep.trainPositionAccuracy().length, ep.valPositionAccuracy().length);
        if (accuracySeries.isEmpty()) {
            // Train and validation of each measure side by side: series 2k and 2k+1, in one colour per measure,
            // train solid and validation dashed (see accuracyLine).
            accuracySeries.add(accuracyLine("train sequence", 0, false));
            accuracySeries.add(accuracyLine("val sequence", 0, true));
            for (int i = 0; i < positions; i++) {
                accuracySeries.add(accuracyLine("train pos " + (i + 1), i + 1, false));
                accuracySeries.add(accuracyLine("val pos " + (i + 1), i + 1, true));
            }
        }
        addAccuracy(0, ep.epoch(), ep.trainSequenceAccuracy());
        addAccuracy(1, ep.epoch(), ep.valSequenceAccuracy());
        for (int i = 0; i < ep.trainPositionAccuracy().length && 2 + 2 * i < accuracySeries.size(); i++) {
            addAccuracy(2 + 2 * i, ep.epoch(), ep.trainPositionAccuracy()[i]);
        }
        for (int i = 0; i < ep.valPositionAccuracy().length && 3 + 2 * i < accuracySeries.size(); i++) {
            addAccuracy(3 + 2 * i, ep.epoch(), ep.valPositionAccuracy()[i]);
        }
    }

    /**
     * The style sheet's colour of a measure, by name: {@code sequence-colour} for the full sequence, else
     * {@code position-colour-N} for position {@code measure} (1-based).
     */
    static String colourOf(int measure) {
        return measure == 0 ? "sequence-colour" : "position-colour-" + ((measure - 1) % POSITION_COLOURS + 1);
    }

    /**
     * A series of the accuracy chart whose line the chart draws in its measure's colour, dashed for validation. The
     * colour is an inline style naming the style sheet's colour, not a rule on the chart's {@code .seriesN} classes:
     * those cover only as many series as the sheet has rules (a 12-position run's positions 11 and 12 fell to
     * JavaFX's palette, train and validation in two colours, neither dashed, unlike the legend), and the chart
     * resets a series' classes when the series list changes, so classes of our own would not stay.
     */
    private static XYChart.Series<Number, Number> accuracyLine(String name, int measure, boolean validation) {
        XYChart.Series<Number, Number> s = series(name);
        String style = "-fx-stroke: " + colourOf(measure) + ";"
                + (validation ? " -fx-stroke-dash-array: " + VALIDATION_DASH[0] + " " + VALIDATION_DASH[1] + ";" : "");
        // the chart makes the line when the series is added to it, and makes it again if it is added again
        s.nodeProperty().addListener((o, was, line) -> {
            if (line != null) {
                line.setStyle(style);
            }
        });
        return s;
    }

    /** A point of accuracy series {@code k}, with its dot in the measure's colour: filled for train, hollow for validation. */
    private void addAccuracy(int k, int epoch, double accuracy) {
        XYChart.Data<Number, Number> point = new XYChart.Data<>(epoch, accuracy);
        String colour = colourOf(k / 2);
        StackPane dot = new StackPane();
        dot.setStyle("-fx-background-color: " + colour + ", " + (k % 2 == 1 ? "white" : colour) + ";");
        point.setNode(dot);
        accuracySeries.get(k).getData().add(point);
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
