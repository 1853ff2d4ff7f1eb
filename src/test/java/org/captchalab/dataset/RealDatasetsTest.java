package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two real datasets in {@code <repo>/../shared/datasets}, read in place: counts, sizes, alphabets, the five
 * conflicting pairs of swust_cas_4char (checked against its label_issues.csv) and the split on real data.
 */
class RealDatasetsTest {

    static Path swustDir;
    static Path wpDir;
    static Dataset swust;

    @BeforeAll
    static void load() throws Exception {
        swustDir = TestImages.sharedDatasets().resolve("swust_cas_4char");
        wpDir = TestImages.sharedDatasets().resolve("wp_really_simple_captcha_4char");
        TestImages.requireSharedDataset(swustDir);
        swust = DatasetLoader.load(swustDir, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
    }

    @Test
    void swustHas4700ImagesInThreeSizesWithLength4() {
        assertThat(swust.samples()).hasSize(4700);
        assertThat(swust.problems()).isEmpty();
        assertThat(swust.sizes()).containsExactly(Map.entry(new ImageSize(90, 30), 1750),
                Map.entry(new ImageSize(100, 35), 1641), Map.entry(new ImageSize(92, 34), 1309));
        assertThat(swust.labelLength()).isEqualTo(4);
        assertThat(swust.alphabet().chars()).isEqualTo("0123456789abcdefghijklmnopqrstuvwxyz");
        assertThat(swust.labelSource()).isEqualTo(LabelSource.LABELS_CSV);
        assertThat(swust.inputSize()).isEqualTo(new ImageSize(90, 30));
    }

    @Test
    void swustConflictsAreExactlyTheFivePairsOfLabelIssues() throws Exception {
        List<String> issues = Files.readAllLines(swustDir.resolve("label_issues.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).toList();
        assertThat(issues).hasSize(10);
        assertThat(swust.conflicts()).hasSize(5);
        assertThat(swust.conflicts()).allSatisfy(g -> assertThat(g.samples()).hasSize(2));
        assertThat(swust.conflicts().stream().flatMap(g -> g.files().stream()).toList())
                .containsExactlyInAnyOrderElementsOf(issues);
        assertThat(swust.trainable()).hasSize(4690);
        assertThat(swust.trainable()).noneMatch(s -> issues.contains(s.path()));
    }

    @Test
    void swustHashesMatchTheMd5sInTheFileNamesGroupWise() {
        // Files named with the same md5 have the same content, so they must share a SHA-256 as well.
        Map<String, Set<String>> shaByMd5 = new HashMap<>();
        for (CaptchaSample s : swust.samples()) {
            String md5 = s.path().substring(s.path().indexOf('_') + 1, s.path().lastIndexOf('.'));
            shaByMd5.computeIfAbsent(md5, k -> new HashSet<>()).add(s.hash());
        }
        assertThat(shaByMd5.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(shaByMd5).hasSize(4695);
    }

    @Test
    void swustSplitIsDeterministicAndKeepsIdenticalImagesTogether() {
        SplitAssignment a = SplitAssignment.compute(swust.samples(), SplitAssignment.DEFAULT_SEED, SplitRatios.DEFAULT);
        SplitAssignment b = SplitAssignment.compute(swust.samples(), SplitAssignment.DEFAULT_SEED, SplitRatios.DEFAULT);
        assertThat(a.byPath()).isEqualTo(b.byPath()).hasSize(4700);
        assertThat(a.counts().get(Split.TRAIN)).isBetween(3758, 3762);
        assertThat(a.counts().get(Split.VAL)).isBetween(468, 472);
        for (ConflictGroup g : swust.conflicts()) {
            assertThat(g.files().stream().map(a::splitOf).distinct()).hasSize(1);
        }
        SplitAssignment other = SplitAssignment.compute(swust.samples(), 7, SplitRatios.DEFAULT);
        assertThat(other.byPath()).isNotEqualTo(a.byPath());
    }

    @Test
    void wpOpensWith9955Images() throws Exception {
        TestImages.requireSharedDataset(wpDir);
        long start = System.nanoTime();
        Dataset wp = DatasetLoader.load(wpDir, DatasetOptions.defaults());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(wp.samples()).hasSize(9955);
        assertThat(wp.problems()).isEmpty();
        assertThat(wp.sizes()).containsExactly(Map.entry(new ImageSize(72, 24), 9955));
        assertThat(wp.labelLength()).isEqualTo(4);
        assertThat(wp.alphabet().chars()).isEqualTo("23456789ABCDEFGHJKLMNPQRSTUVWXYZ");
        assertThat(wp.conflicts()).isEmpty();
        System.out.println("wp_really_simple_captcha_4char loaded in " + ms + " ms");
    }
}
