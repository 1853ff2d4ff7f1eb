package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Cached predictions must not outlive the weights that made them, even when a run keeps its name. */
class PredictionCacheKeyTest {

    @Test
    void aRetrainedRunWithTheSameNameGetsAnotherKey() {
        assertThat(Dl4jModelService.cacheKey("qq-strong", "2026-11-26T19:00:00Z"))
                .isNotEqualTo(Dl4jModelService.cacheKey("qq-strong", "2026-11-26T22:48:00Z"));
        assertThat(Dl4jModelService.cacheKey("qq-strong", null)).isEqualTo("qq-strong");
    }

    @Test
    void aRecalibratedRunGetsAnotherKey() {
        String saved = "2026-11-26T22:48:00Z";
        assertThat(Dl4jModelService.cacheKey("qq-strong", saved, 0.5))
                .isNotEqualTo(Dl4jModelService.cacheKey("qq-strong", saved, 0.6))
                .isNotEqualTo(Dl4jModelService.cacheKey("qq-strong", saved, null));
        assertThat(Dl4jModelService.cacheKey("qq-strong", saved, null)).isEqualTo(Dl4jModelService.cacheKey("qq-strong", saved));
    }

    @Test
    void theShippedModelIsCachedUnderItsNameAndSaveTime() {
        Dl4jModelService service = new Dl4jModelService();
        RunSummary run = service.runs(Path.of("models")).stream().filter(r -> r.name().equals("qq-strong"))
                .findFirst().orElseThrow();
        Predictor p = service.load(run);
        assertThat(p.name()).isEqualTo("qq-strong");
        assertThat(p.cacheKey()).startsWith("qq-strong@").isNotEqualTo(p.name());
    }
}
