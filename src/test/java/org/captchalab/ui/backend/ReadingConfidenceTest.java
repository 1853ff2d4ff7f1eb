package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.captchalab.model.Candidate;
import org.captchalab.model.PositionPrediction;
import org.captchalab.model.SequencePrediction;
import org.captchalab.ui.shared.SamplePrediction;
import org.junit.jupiter.api.Test;

/**
 * The window's confidence of a reading (tiles, sort order, the low-confidence and likely-mislabelled filters) is
 * the model's, the one {@code eval --misread} writes: a tile once said 93% where the CSV said 0.9620.
 */
class ReadingConfidenceTest {

    private static PositionPrediction position(char best, double p) {
        return new PositionPrediction(best, p, List.of(new Candidate(best, p), new Candidate('z', (1 - p) / 2)));
    }

    @Test
    void theWindowShowsTheConfidenceTheCommandLineReports() {
        SequencePrediction model = new SequencePrediction(List.of(position('a', 0.99), position('b', 0.99),
                position('c', 0.99), position('d', 0.962)));

        SamplePrediction shown = Dl4jModelService.convert(model);

        assertThat(shown.confidence()).isEqualTo(model.confidence());
        assertThat(model.confidence()).isCloseTo(0.99 * 0.99 * 0.99 * 0.962, org.assertj.core.data.Offset.offset(1e-12));
    }
}
