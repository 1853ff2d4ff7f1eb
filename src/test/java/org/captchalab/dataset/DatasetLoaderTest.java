package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label sources, case rule, inference of alphabet, length and input size. */
class DatasetLoaderTest {

    @TempDir
    Path dir;

    @Test
    void labelsComeFromFileNamesWithAndWithoutUnderscore() throws Exception {
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        TestImages.write(dir.resolve("sub/efgh_0001.jpg"), 20, 10, 2);
        TestImages.write(dir.resolve("sub/deeper/ijkl_x_y.bmp"), 20, 10, 3);
        TestImages.write(dir.resolve("mnop.gif"), 20, 10, 4);
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.labelSource()).isEqualTo(LabelSource.FILE_NAME);
        assertThat(ds.samples()).extracting(CaptchaSample::path, CaptchaSample::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("abcd.png", "abcd"),
                org.assertj.core.groups.Tuple.tuple("mnop.gif", "mnop"),
                org.assertj.core.groups.Tuple.tuple("sub/deeper/ijkl_x_y.bmp", "ijkl"),
                org.assertj.core.groups.Tuple.tuple("sub/efgh_0001.jpg", "efgh"));
        assertThat(ds.problems()).isEmpty();
        assertThat(DatasetLoader.labelFromFileName("a/b/wxyz_1_2.png")).isEqualTo("wxyz");
    }

    @Test
    void labelsCsvInTheFolderWinsOverFileNames() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        TestImages.write(dir.resolve("sub/two.png"), 20, 10, 2);
        Files.writeString(dir.resolve("labels.csv"), "filename,label\none.png,aaaa\nsub/two.png,bbbb\n");
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.labelSource()).isEqualTo(LabelSource.LABELS_CSV);
        assertThat(ds.sample("one.png").orElseThrow().label()).isEqualTo("aaaa");
        assertThat(ds.sample("sub/two.png").orElseThrow().label()).isEqualTo("bbbb");
        assertThat(ds.problems()).isEmpty();
    }

    @Test
    void explicitLabelsFileWinsOverLabelsCsv() throws Exception {
        TestImages.write(dir.resolve("img/one.png"), 20, 10, 1);
        Files.writeString(dir.resolve("img/labels.csv"), "filename,label\none.png,aaaa\n");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "\uFEFFfilename,label\r\n\"one.png\",zzzz\r\n");
        Dataset ds = DatasetLoader.load(dir.resolve("img"), DatasetOptions.defaults().withLabelsFile(other));
        assertThat(ds.labelSource()).isEqualTo(LabelSource.LABELS_FILE);
        assertThat(ds.sample("one.png").orElseThrow().label()).isEqualTo("zzzz");
        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("img"),
                DatasetOptions.defaults().withLabelsFile(dir.resolve("missing.csv"))))
                .isInstanceOf(DatasetException.class).hasMessageContaining("missing.csv");
    }

    @Test
    void imagesWithoutARowAreUnlabelledAndCounted() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        TestImages.write(dir.resolve("two.png"), 20, 10, 2);
        Files.writeString(dir.resolve("labels.csv"), "filename,label\none.png,aaaa\n");
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.sample("two.png").orElseThrow().label()).isNull();
        assertThat(ds.trainable()).extracting(CaptchaSample::path).containsExactly("one.png");
        assertThat(ds.problems()).extracting(Problem::reason).containsExactly("two.png has no row and is left unlabelled");
        TestImages.write(dir.resolve("three.png"), 20, 10, 3);
        assertThat(DatasetLoader.load(dir, DatasetOptions.defaults()).problems()).extracting(Problem::reason)
                .containsExactly("2 images have no row and are left unlabelled, three.png and two.png");
    }

    @Test
    void aLabelsFileOutsideTheFolderIsNamedByItsPathInEveryProblemLine() throws Exception {
        Path img = Files.createDirectories(dir.resolve("img"));
        TestImages.write(img.resolve("one.png"), 20, 10, 1);
        TestImages.write(img.resolve("two.png"), 20, 10, 2);
        Path csv = dir.resolve("elsewhere").resolve("labels.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "filename,label\none.png,aaaa\nnone.png,bbbb\n");
        Dataset ds = DatasetLoader.load(img, DatasetOptions.defaults().withLabelsFile(csv));
        // the row's problem and the missing row's name the file the same way, by the path a user can open
        assertThat(ds.problems()).extracting(Problem::file)
                .containsExactlyInAnyOrder(csv.toAbsolutePath().normalize() + ":3", csv.toAbsolutePath().normalize().toString());
    }

    @Test
    void caseRuleFoldsLabelsToLowercase() throws Exception {
        TestImages.write(dir.resolve("AbCd.png"), 20, 10, 1);
        TestImages.write(dir.resolve("EFGH.png"), 20, 10, 2);
        Dataset kept = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(kept.alphabet().chars()).isEqualTo("ACEFGHbd");
        Dataset folded = DatasetLoader.load(dir, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
        assertThat(folded.samples()).extracting(CaptchaSample::label).containsExactly("abcd", "efgh");
        assertThat(folded.alphabet().chars()).isEqualTo("abcdefgh");
        assertThat(folded.normalise(" XyZw ")).isEqualTo("xyzw");
    }

    @Test
    void lengthIsTheMostCommonAndOtherLengthsAreProblems() throws Exception {
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        TestImages.write(dir.resolve("bcde.png"), 20, 10, 2);
        TestImages.write(dir.resolve("abc.png"), 20, 10, 3);
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.labelLength()).isEqualTo(4);
        assertThat(ds.alphabet().chars()).isEqualTo("abcde");
        assertThat(ds.sample("abc.png").orElseThrow().label()).isNull();
        assertThat(ds.problems()).containsExactly(new Problem("abc.png",
                "label 'abc' has 3 characters, expected 4; left unlabelled", Problem.Kind.LABEL_MISFIT));
        Dataset fixed = DatasetLoader.load(dir, DatasetOptions.defaults().withLabelLength(3));
        assertThat(fixed.labelLength()).isEqualTo(3);
        assertThat(fixed.trainable()).extracting(CaptchaSample::path).containsExactly("abc.png");
    }

    @Test
    void fixedAlphabetRejectsOtherCharacters() throws Exception {
        TestImages.write(dir.resolve("ab1d.png"), 20, 10, 1);
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 2);
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults().withAlphabet(Alphabet.LOWERCASE));
        assertThat(ds.alphabet()).isEqualTo(Alphabet.LOWERCASE);
        assertThat(ds.sample("ab1d.png").orElseThrow().label()).isNull();
        assertThat(ds.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("ab1d.png");
            assertThat(p.reason()).contains("outside the alphabet (1)");
            assertThat(p.kind()).isEqualTo(Problem.Kind.LABEL_MISFIT);
        });
        assertThat(ds.checkLabel("abcz")).isEmpty();
        assertThat(ds.checkLabel("abc")).get().asString().contains("expected 4");
        assertThat(ds.checkLabel("ab!c")).get().asString().contains("outside the alphabet");
    }

    @Test
    void sizesAreCountedAndInputSizeIsTheMostCommon() throws Exception {
        TestImages.write(dir.resolve("aaaa.png"), 30, 10, 1);
        TestImages.write(dir.resolve("bbbb.png"), 30, 10, 2);
        TestImages.write(dir.resolve("cccc.png"), 40, 12, 3);
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.sizes()).containsExactly(java.util.Map.entry(new ImageSize(30, 10), 2),
                java.util.Map.entry(new ImageSize(40, 12), 1));
        assertThat(ds.inputSize()).isEqualTo(new ImageSize(30, 10));
        ImageSize fixed = new ImageSize(129, 53);
        assertThat(DatasetLoader.load(dir, DatasetOptions.defaults().withInputSize(fixed)).inputSize()).isEqualTo(fixed);
    }

    @Test
    void workFolderIsNotScanned() throws Exception {
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        TestImages.write(dir.resolve(".captchalab/zzzz.png"), 20, 10, 2);
        assertThat(DatasetLoader.load(dir, DatasetOptions.defaults()).samples()).hasSize(1);
    }

    @Test
    void identicalImagesWithDifferentLabelsConflictAndAreNotTrainable() throws Exception {
        byte[] same = TestImages.bytes(20, 10, 5, "png");
        Files.write(dir.resolve("abcd_1.png"), same);
        Files.write(dir.resolve("abce_2.png"), same);
        Files.write(dir.resolve("wxyz_1.png"), TestImages.bytes(20, 10, 6, "png"));
        Files.write(dir.resolve("wxyz_2.png"), TestImages.bytes(20, 10, 6, "png"));
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.conflicts()).singleElement().satisfies(g ->
                assertThat(g.files()).containsExactly("abcd_1.png", "abce_2.png"));
        assertThat(ds.trainable()).extracting(CaptchaSample::path).containsExactly("wxyz_1.png", "wxyz_2.png");
        Dataset resolved = ds.withLabels(java.util.Map.of("abce_2.png", "abcd"));
        assertThat(resolved.conflicts()).isEmpty();
        assertThat(resolved.trainable()).hasSize(4);
        assertThat(resolved.fingerprint()).isNotEqualTo(ds.fingerprint());
        assertThat(DatasetLoader.load(dir, DatasetOptions.defaults()).fingerprint()).isEqualTo(ds.fingerprint());
    }

    @Test
    void identicalImagesAreGroupedLabelledOrNotAndTheConflictsAreTheGroupsWhoseLabelsDisagree() throws Exception {
        byte[] abc = TestImages.bytes(20, 10, 5, "png");
        byte[] ef = TestImages.bytes(20, 10, 7, "png");
        Files.write(dir.resolve("a.png"), abc);
        Files.write(dir.resolve("b.png"), abc);
        Files.write(dir.resolve("c.png"), abc);
        TestImages.write(dir.resolve("d.png"), 20, 10, 6);
        Files.write(dir.resolve("e.png"), ef);
        Files.write(dir.resolve("f.png"), ef);
        // c.png has no row: unlabelled, and still a copy of a.png and b.png
        Files.writeString(dir.resolve("labels.csv"), "filename,label\na.png,abcd\nb.png,abcd\nd.png,wxyz\n"
                + "e.png,efgh\nf.png,efgi\n");
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.identicalImages()).containsExactly(List.of(0, 1, 2), List.of(4, 5));
        assertThat(ds.conflicts()).extracting(ConflictGroup::files).containsExactly(List.of("e.png", "f.png"));

        // relabelled: the same groups, and the conflicts follow the labels (an unlabelled copy takes no part)
        Dataset relabelled = ds.withLabels(java.util.Map.of("b.png", "abce", "f.png", "efgh"));
        assertThat(relabelled.identicalImages()).isEqualTo(ds.identicalImages());
        assertThat(relabelled.conflicts()).extracting(ConflictGroup::files).containsExactly(List.of("a.png", "b.png"));
        assertThat(relabelled.isConflicting("c.png")).isFalse();
    }

    @Test
    void anInferredAlphabetFollowsCorrectedLabelsAGivenOneStays() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        TestImages.write(dir.resolve("two.png"), 20, 10, 2);
        Files.writeString(dir.resolve("labels.csv"), "filename,label\none.png,abcd\ntwo.png,ab1!\n");
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.alphabet().chars()).isEqualTo("!1abcd");
        // the stray label corrected (in the work store): its characters leave the alphabet
        assertThat(ds.withLabels(java.util.Map.of("two.png", "dcba")).alphabet().chars()).isEqualTo("abcd");
        assertThat(ds.withLabels(java.util.Map.of()).alphabet().chars()).isEqualTo("!1abcd");

        // a correction saved while case was kept, read with the case folded: folded too, and the alphabet with it
        Dataset folded = DatasetLoader.load(dir, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
        Dataset corrected = folded.withLabels(java.util.Map.of("two.png", "DCba"));
        assertThat(corrected.sample("two.png").orElseThrow().label()).isEqualTo("dcba");
        assertThat(corrected.alphabet().chars()).isEqualTo("abcd");
        // a label of another length (left out of training) does not make the alphabet either
        assertThat(ds.withLabels(java.util.Map.of("two.png", "dcbaxyz")).alphabet().chars()).isEqualTo("abcd");

        Dataset given = DatasetLoader.load(dir, DatasetOptions.defaults().withAlphabet(new Alphabet("!1abcdxyz")));
        assertThat(given.withLabels(java.util.Map.of("two.png", "dcba")).alphabet().chars()).isEqualTo("!1abcdxyz");
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() throws Exception {
        new CaptchaGenerator(5).writeAll(dir, 300);
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger();
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults(), (done, total) -> {
            assertThat(total).isEqualTo(300);
            last.accumulateAndGet(done, Math::max);
        });
        assertThat(ds.samples()).hasSize(300);
        assertThat(last.get()).isEqualTo(300);
        ScanProgress cancel = new ScanProgress() {
            @Override
            public void progress(int done, int total) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> DatasetLoader.load(dir, DatasetOptions.defaults(), cancel))
                .isInstanceOf(DatasetException.class).hasMessage("scan cancelled");
    }
}
