package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.XYChart;
import org.captchalab.ui.backend.TrainingEvents;
import org.junit.jupiter.api.Test;

/** The charts' series, fed while shown and while hidden (their tab not selected). Plain objects: no FX toolkit. */
class TrainingChartsTest {

    private static void feed(TrainingCharts c, int epochs, int perEpoch) {
        long it = 0;
        for (int e = 1; e <= epochs; e++) {
            List<TrainingEvents.Iteration> batch = new ArrayList<>();
            for (int i = 0; i < perEpoch; i++) {
                it++;
                batch.add(new TrainingEvents.Iteration(it, e, 5.0 / Math.sqrt(it), 100, it / (double) (epochs * perEpoch), 0));
            }
            c.addIterations(batch);
            double acc = 1 - 1.0 / (e + 1);
            c.addEpoch(new TrainingEvents.Epoch(e, it, 2.0 / e, 2.5 / e, new double[] {acc, acc}, new double[] {acc, acc / 2},
                    acc, acc * acc));
        }
    }

    private static List<List<String>> points(List<XYChart.Series<Number, Number>> series) {
        List<List<String>> out = new ArrayList<>();
        for (XYChart.Series<Number, Number> s : series) {
            List<String> pts = new ArrayList<>();
            pts.add(s.getName());
            s.getData().forEach(d -> pts.add(d.getXValue() + "," + d.getYValue()));
            out.add(pts);
        }
        return out;
    }

    @Test
    void hiddenChartsWaitAndThenShowExactlyWhatShownOnesDid() {
        TrainingCharts shown = new TrainingCharts();
        feed(shown, 3, 700);
        TrainingCharts hidden = new TrainingCharts();
        hidden.setShowing(false);
        feed(hidden, 3, 700);
        assertThat(hidden.lossPointCount()).isZero();
        assertThat(hidden.accuracySeries()).isEmpty();
        assertThat(hidden.deferredCount()).as("the three epochs, and the training loss recorded meanwhile").isEqualTo(3 + 1);

        hidden.setShowing(true);
        assertThat(hidden.deferredCount()).isZero();
        assertThat(points(hidden.lossSeries())).isEqualTo(points(shown.lossSeries()));
        assertThat(points(hidden.accuracySeries())).isEqualTo(points(shown.accuracySeries()));
        // 2,100 iterations: thinned below the cap, and the epochs' validation points are there
        assertThat(hidden.lossPointCount()).isGreaterThan(3).isLessThan(2_100);
    }

    @Test
    void aLongRunKeepsAtMostTheCapOfLossPointsHowEverItsIterationsArrive() {
        // 10 epochs of 1,563 iterations (100,000 images at batch 64), fed while shown, while hidden, and in one batch
        TrainingCharts shown = new TrainingCharts();
        feed(shown, 10, 1_563);
        TrainingCharts hidden = new TrainingCharts();
        hidden.setShowing(false);
        feed(hidden, 10, 1_563);
        assertThat(hidden.deferredCount()).as("what waits does not grow with the iterations").isEqualTo(10 + 1);
        hidden.setShowing(true);
        TrainingCharts oneBatch = new TrainingCharts();
        List<TrainingEvents.Iteration> all = new ArrayList<>();
        for (long it = 1; it <= 15_630; it++) {
            all.add(new TrainingEvents.Iteration(it, 1, 5.0 / Math.sqrt(it), 100, it / 15_630.0, 0));
        }
        oneBatch.addIterations(all);

        List<XYChart.Data<Number, Number>> trainLoss = shown.lossSeries().get(0).getData();
        assertThat(trainLoss).hasSizeBetween(TrainingCharts.MAX_LOSS_POINTS / 2, TrainingCharts.MAX_LOSS_POINTS);
        assertThat(trainLoss.get(trainLoss.size() - 1).getXValue().longValue()).as("up to the last iterations")
                .isGreaterThan(15_630 - 16);
        assertThat(points(hidden.lossSeries())).isEqualTo(points(shown.lossSeries()));
        assertThat(points(oneBatch.lossSeries()).get(0)).isEqualTo(points(shown.lossSeries()).get(0));
        assertThat(shown.lossSeries().get(1).getData()).as("one validation point per epoch").hasSize(10);
    }

    @Test
    void clearingDropsWhatWaited() {
        TrainingCharts c = new TrainingCharts();
        c.setShowing(false);
        feed(c, 1, 10);
        c.clear();
        c.setShowing(true);
        assertThat(c.lossPointCount()).isZero();
        assertThat(c.accuracySeries()).isEmpty();
    }
}
