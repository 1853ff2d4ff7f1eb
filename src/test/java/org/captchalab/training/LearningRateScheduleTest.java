package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static List<EpochMetrics> history(double[][] valAccuracyAndLoss) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int i = 0; i < valAccuracyAndLoss.length; i++) {
            double[] v = valAccuracyAndLoss[i];
            h.add(new EpochMetrics(i + 1, 1.0, v[1], new double[] {0.5}, 0.5, new double[] {0.5}, v[0], 1.0, 100.0));
        }
        return h;
    }

    @Test
    void staysAtTheBaseRateWhileValidationImproves() {
        List<EpochMetrics> h = history(new double[][] {{0.1, 3}, {0.2, 2}, {0.3, 1}, {0.3, 0.9}});
        assertThat(LearningRateSchedule.rateAfter(h, 1e-3, 2)).isEqualTo(1e-3);
        assertThat(LearningRateSchedule.rateAfter(List.of(), 1e-3, 2)).isEqualTo(1e-3);
    }

    @Test
    void dropsByTheFactorAfterEachRunOfEpochsWithoutImprovement() {
        // best 0.5 at epoch 2; epochs 3-4 do not beat it (one drop), 5-6 neither (a second drop)
        List<EpochMetrics> h = history(new double[][] {{0.4, 2}, {0.5, 1}, {0.5, 1.5}, {0.45, 1}, {0.49, 1}, {0.5, 1.0}});
        assertThat(LearningRateSchedule.rateAfter(h.subList(0, 3), 1e-3, 2)).isEqualTo(1e-3);
        assertThat(LearningRateSchedule.rateAfter(h.subList(0, 4), 1e-3, 2)).isCloseTo(3e-4, within(1e-12));
        assertThat(LearningRateSchedule.rateAfter(h.subList(0, 5), 1e-3, 2)).isCloseTo(3e-4, within(1e-12));
        assertThat(LearningRateSchedule.rateAfter(h, 1e-3, 2)).isCloseTo(9e-5, within(1e-12));
        // an improvement restarts the count: epoch 7 beats the best, so two more flat epochs are needed
        List<EpochMetrics> more = new ArrayList<>(h);
        more.addAll(history(new double[][] {{0.1, 0}, {0.1, 0}, {0.6, 0.5}, {0.55, 1}}).subList(2, 4));
        assertThat(LearningRateSchedule.rateAfter(more, 1e-3, 2)).isCloseTo(9e-5, within(1e-12));
    }

    @Test
    void aTieWithLowerLossCountsAsImprovementAndZeroPatienceKeepsTheRate() {
        List<EpochMetrics> h = history(new double[][] {{0.0, 5}, {0.0, 4}, {0.0, 3}, {0.0, 2}});
        assertThat(LearningRateSchedule.rateAfter(h, 1e-3, 1)).isEqualTo(1e-3);
        List<EpochMetrics> flat = history(new double[][] {{0.0, 5}, {0.0, 5}, {0.0, 5}, {0.0, 5}});
        assertThat(LearningRateSchedule.rateAfter(flat, 1e-3, 1)).isCloseTo(1e-3 * 0.3 * 0.3 * 0.3, within(1e-12));
        assertThat(LearningRateSchedule.rateAfter(flat, 1e-3, 0)).isEqualTo(1e-3);
    }
}
