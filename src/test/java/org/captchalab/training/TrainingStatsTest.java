package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.Preset;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStatsTest {

    @Test
    void recordsScoresTheDashboardCanReadBack(@TempDir Path dir) {
        Path file = dir.resolve("run").resolve(TrainingStats.FILE);
        try (TrainingStats stats = TrainingStats.open(file, TrainingConfig.defaults(Preset.SEED))) {
            for (int i = 1; i <= 3; i++) {
                stats.iterationDone(new IterationMetrics(1, i, i, 3, new double[] {1, 2}, 3.0 / i, 100));
            }
        }
        FileStatsStorage storage = new FileStatsStorage(file.toFile());
        try {
            assertThat(storage.listSessionIDs()).hasSize(1);
            String session = storage.listSessionIDs().get(0);
            assertThat(storage.listTypeIDsForSession(session)).containsExactly(TrainingStats.TYPE_ID);
            Persistable last = storage.getLatestUpdate(session, TrainingStats.TYPE_ID, "captchalab");
            assertThat(((StatsReport) last).getScore()).isEqualTo(1.0);
            assertThat(storage.getAllUpdatesAfter(session, TrainingStats.TYPE_ID, "captchalab", 0)).hasSize(3);
        } finally {
            storage.close();
        }
    }

    @Test
    void presetsScaleSmallImagesUpOnlyWhenTheyMust() {
        assertThat(Preset.SEED.inputSizeFor(new ImageSize(72, 24))).isEqualTo(new ImageSize(138, 46));
        assertThat(Preset.STRONG.inputSizeFor(new ImageSize(72, 24))).isEqualTo(new ImageSize(72, 24));
        assertThat(Preset.SEED.inputSizeFor(new ImageSize(129, 53))).isEqualTo(new ImageSize(129, 53));
    }
}
