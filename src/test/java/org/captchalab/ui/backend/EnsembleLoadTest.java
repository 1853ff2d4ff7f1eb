package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.captchalab.ui.shared.SamplePrediction;
import org.junit.jupiter.api.Test;

/** The window's model service loads several shipped runs as one model (an ensemble). */
class EnsembleLoadTest {

    private final Dl4jModelService service = new Dl4jModelService();

    private RunSummary shipped(String name) {
        return service.runs(Path.of("models")).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<BufferedImage> sampleImages(int count) throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        try (var files = Files.list(Path.of("sample-data"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(count).toList()) {
                images.add(ImageIO.read(f.toFile()));
            }
        }
        return images;
    }

    /** The probability {@code prediction} gives {@code c} at {@code position}, 0 when not among its top three. */
    private static double probability(SamplePrediction prediction, int position, char c) {
        return prediction.positions().get(position).stream().filter(k -> k.character() == c)
                .mapToDouble(k -> k.probability()).findFirst().orElse(0);
    }

    @Test
    void twoRunsReadAsOneAveragingTheirProbabilitiesUnderBothNamesAndKeys() throws Exception {
        RunSummary strong = shipped("qq-strong");
        RunSummary attention = shipped("qq-attention");
        Predictor a = service.load(strong);
        Predictor b = service.load(attention);
        Predictor both = service.load(List.of(strong, attention), false);

        assertThat(both.name()).isEqualTo("qq-strong + qq-attention");
        assertThat(both.cacheKey()).isEqualTo(a.cacheKey() + " + " + b.cacheKey());
        assertThat(service.load(List.of(strong), false).cacheKey()).as("one run is just that run").isEqualTo(a.cacheKey());
        assertThat(both.attention(sampleImages(1).get(0))).as("an ensemble has no single attention map").isEmpty();

        List<BufferedImage> images = sampleImages(8);
        List<SamplePrediction> pa = a.predict(images);
        List<SamplePrediction> pb = b.predict(images);
        List<SamplePrediction> pe = both.predict(images);
        int checked = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int p = 0; p < 4; p++) {
                char best = pe.get(i).positions().get(p).get(0).character();
                double mean = (probability(pa.get(i), p, best) + probability(pb.get(i), p, best)) / 2;
                // exact where both runs list the character among their top three (the mean is over all 26)
                if (probability(pa.get(i), p, best) > 0 && probability(pb.get(i), p, best) > 0) {
                    assertThat(pe.get(i).positions().get(p).get(0).probability()).isCloseTo(mean,
                            org.assertj.core.data.Offset.offset(1e-5));
                    checked++;
                }
            }
        }
        assertThat(checked).as("positions where both runs list the ensemble's choice, of 32").isGreaterThan(16);

        Predictor shifted = service.load(List.of(strong, attention), true);
        assertThat(shifted.name()).isEqualTo("qq-strong + qq-attention (9 views)");
        assertThat(shifted.cacheKey()).isEqualTo(both.cacheKey() + "@views9");
    }

    @Test
    void runsThatReadDifferentlyAreRefusedSayingWhy() {
        assertThatThrownBy(() -> service.load(List.of(shipped("qq-strong"), shipped("qq-attention-129-tuned2")), false))
                .isInstanceOf(RunsCannotJoin.class)
                .hasMessage("qq-attention-129-tuned2 cannot join qq-strong in an ensemble: its input is 129x53, not 96x40");
        assertThatThrownBy(() -> service.load(List.of(shipped("swust-seed"), shipped("swust-strong"), shipped("qq-attention-129")), true))
                .isInstanceOf(RunsCannotJoin.class)
                .hasMessageStartingWith("qq-attention-129 cannot join swust-seed in an ensemble: its alphabet is abcdefghijklmnopqrstuvwxyz, not ");
    }
}
