package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignmentTest {

    private static List<CaptchaSample> samples(int n, int copiesOfFirst) {
        List<CaptchaSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CaptchaSample(String.format("img%04d.png", i), "abcd", 10, 10, "h" + i));
        }
        for (int c = 0; c < copiesOfFirst; c++) {
            out.add(new CaptchaSample("copy" + c + ".png", "abcd", 10, 10, "h0"));
        }
        return out;
    }

    @Test
    void sameSeedSameSplitWithDefaultRatios() {
        List<CaptchaSample> s = samples(1000, 0);
        SplitAssignment a = SplitAssignment.compute(s, SplitAssignment.DEFAULT_SEED, SplitRatios.DEFAULT);
        List<CaptchaSample> reversed = new ArrayList<>(s);
        java.util.Collections.reverse(reversed);
        assertThat(SplitAssignment.compute(reversed, SplitAssignment.DEFAULT_SEED,
                SplitRatios.DEFAULT).byPath()).isEqualTo(a.byPath());
        assertThat(a.counts()).isEqualTo(Map.of(Split.TRAIN, 800, Split.VAL, 100, Split.TEST, 100));
        assertThat(SplitAssignment.compute(s, 1, SplitRatios.DEFAULT).byPath()).isNotEqualTo(a.byPath());
        assertThat(SplitAssignment.compute(reversed, SplitAssignment.DEFAULT_SEED, SplitRatios.DEFAULT).fingerprint())
                .isEqualTo(a.fingerprint());
        assertThat(SplitAssignment.compute(s, 1, SplitRatios.DEFAULT).fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void identicalImagesNeverLandInTwoSplits() {
        List<CaptchaSample> s = samples(200, 30);
        for (long seed = 0; seed < 20; seed++) {
            SplitAssignment a = SplitAssignment.compute(s, seed, SplitRatios.DEFAULT);
            Split first = a.splitOf("img0000.png");
            for (int c = 0; c < 30; c++) {
                assertThat(a.splitOf("copy" + c + ".png")).isEqualTo(first);
            }
        }
    }

    @Test
    void newImagesAreAddedWithoutMovingOldOnes() {
        List<CaptchaSample> s = samples(300, 0);
        SplitAssignment a = SplitAssignment.compute(s.subList(0, 200), 5, SplitRatios.DEFAULT);
        SplitAssignment b = a.extendedTo(s);
        assertThat(b.byPath()).hasSize(300);
        a.byPath().forEach((path, split) -> assertThat(b.splitOf(path)).isEqualTo(split));
        List<CaptchaSample> withCopy = new ArrayList<>(s.subList(0, 200));
        withCopy.add(new CaptchaSample("late-copy.png", "abcd", 10, 10, "h17"));
        assertThat(a.extendedTo(withCopy).splitOf("late-copy.png")).isEqualTo(a.splitOf("img0017.png"));
        assertThat(a.extendedTo(s.subList(0, 200))).isSameAs(a);
    }
}
