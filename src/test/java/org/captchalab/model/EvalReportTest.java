package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoring predictions made by hand, and the list of what was read wrongly. */
class EvalReportTest {

    /** A reading of {@code text} whose positions have the given probabilities. */
    private static SequencePrediction reading(String text, double... probabilities) {
        List<PositionPrediction> positions = new ArrayList<>();
        for (int p = 0; p < text.length(); p++) {
            char c = text.charAt(p);
            positions.add(new PositionPrediction(c, probabilities[p], List.of(new Candidate(c, probabilities[p]))));
        }
        return new SequencePrediction(positions);
    }

    @Test
    void misreadsListTheWrongImagesMostConfidentFirstWithTheirWrongPositions() {
        List<String> labels = List.of("abc", "abc", "xyz", "xyz", "aaa");
        List<SequencePrediction> predictions = List.of(
                reading("abc", 0.9, 0.9, 0.9),   // right
                reading("abd", 0.9, 0.5, 0.4),   // last position wrong, confidence 0.18
                reading("yyy", 0.8, 0.95, 0.7),  // first and last wrong, confidence 0.532
                reading("xyz", 0.6, 0.6, 0.6),   // right
                reading("aba", 0.4, 0.99, 0.99)); // middle wrong, confidence 0.39204
        EvalReport report = Evaluator.score(predictions, labels, null, 3);
        assertThat(report.sequenceAccuracy()).isEqualTo(0.4);

        List<Misread> wrong = report.misreads(labels);

        assertThat(wrong).extracting(Misread::index).containsExactly(2, 4, 1);
        assertThat(wrong.get(0)).isEqualTo(new Misread(2, "xyz", "yyy", List.of(0, 2), 0.8 * 0.95 * 0.7));
        assertThat(wrong.get(1).wrongPositions()).containsExactly(1);
        assertThat(wrong.get(2).predicted()).isEqualTo("abd");
        assertThat(wrong.get(2).wrongPositions()).containsExactly(2);
        assertThat(wrong).hasSize((int) Math.round(report.count() * (1 - report.sequenceAccuracy())));
    }

    /**
     * A misreading's confidence is the probability of the whole reading (the product over positions), as the
     * window shows it, not its weakest position: three fair positions are less sure than two sure ones and a doubt.
     */
    @Test
    void aMisreadsConfidenceIsTheProductOfItsPositionsAsTheWindowShowsIt() {
        List<String> labels = List.of("aaa", "bbb");
        List<SequencePrediction> predictions = List.of(
                reading("aab", 0.6, 0.6, 0.6),    // weakest 0.6, whole 0.216
                reading("bba", 0.99, 0.99, 0.5)); // weakest 0.5, whole 0.49005
        EvalReport report = Evaluator.score(predictions, labels, null, 3);

        List<Misread> wrong = report.misreads(labels);

        assertThat(wrong).extracting(Misread::index).containsExactly(1, 0);
        assertThat(wrong.get(0).confidence()).isCloseTo(0.49005, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(wrong.get(1).confidence()).isCloseTo(0.216, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(predictions.get(1).confidence()).isEqualTo(SequencePrediction.confidence(0.99, 0.99, 0.5));
    }

    @Test
    void aLabelLongerOrShorterThanTheReadingIsMisreadAtEveryPositionBeyondTheShorter() {
        List<SequencePrediction> predictions = List.of(reading("abc", 0.9, 0.9, 0.9), reading("abc", 0.8, 0.8, 0.8));
        EvalReport report = new EvalReport(2, 0, new double[3], 0, List.of(), predictions);

        List<Misread> wrong = report.misreads(List.of("abcd", "ab"));

        assertThat(wrong).extracting(Misread::wrongPositions).containsExactly(List.of(3), List.of(2));
    }

    @Test
    void misreadsNeedOneLabelPerPrediction() {
        EvalReport report = Evaluator.score(List.of(reading("ab", 1, 1)), List.of("ab"), null, 2);
        assertThat(report.misreads(List.of("ab"))).isEmpty();
        assertThatThrownBy(() -> report.misreads(List.of("ab", "cd"))).hasMessageContaining("2 labels for 1 predictions");
    }
}
