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

    private static RunSummary shippedQqStrong(Dl4jModelService service) {
        return service.runs(Path.of("models")).stream().filter(r -> r.name().equals("qq-strong")).findFirst().orElseThrow();
    }

    @Test
    void theShippedModelIsCachedUnderItsNameAndSaveTime() throws Exception {
        Dl4jModelService service = new Dl4jModelService();
        RunSummary run = shippedQqStrong(service);
        Predictor p = service.load(run);
        assertThat(p.name()).isEqualTo("qq-strong");
        assertThat(p.cacheKey()).startsWith("qq-strong@").isNotEqualTo(p.name());
    }

    @Test
    void nineShiftedViewsAreCachedApartAndReadOtherwise() throws Exception {
        Dl4jModelService service = new Dl4jModelService();
        RunSummary run = shippedQqStrong(service);
        Predictor plain = service.load(run);
        Predictor shifted = service.load(run, true);
        assertThat(shifted.name()).isEqualTo("qq-strong (9 views)");
        assertThat(shifted.cacheKey()).isEqualTo(plain.cacheKey() + "@views9");
        java.util.List<java.awt.image.BufferedImage> images = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(Path.of("sample-data"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(8).toList()) {
                images.add(javax.imageio.ImageIO.read(f.toFile()));
            }
        }
        var a = plain.predict(images);
        var b = shifted.predict(images);
        int differ = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < 4; p++) {
                differ += Math.abs(a.get(i).positions().get(p).get(0).probability()
                        - b.get(i).positions().get(p).get(0).probability()) > 1e-4 ? 1 : 0;
            }
        }
        assertThat(differ).as("probabilities that averaging the views changed, of 32").isGreaterThan(16);
    }
}
