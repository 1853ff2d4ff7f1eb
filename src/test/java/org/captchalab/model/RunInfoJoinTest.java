package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.ImageSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which saved runs can be averaged in an ensemble, decided from run.json alone. */
class RunInfoJoinTest {

    /** A run.json as saved before the images' size was recorded: it has none. */
    private static RunInfo info(String alphabet, int length, String caseRule, int width, int height) {
        return new RunInfo(1, "r", "attention", alphabet, length, caseRule, width, height, null, null,
                null, RunInfo.PREPROCESSING, "f", "d", 1, Map.of(), 1, 1, Map.of(), "2026-11-28T00:00:00Z", "done", 0.5);
    }

    /** What eval warns of a single run's training images ({@link TrainingImageSizes}, as an ensemble's runs are). */
    private static java.util.Optional<String> sizeWarning(SavedModel run, Dataset dataset) {
        return new TrainingImageSizes(java.util.List.of(run)).datasetWarning(dataset);
    }

    @Test
    void eachDifferenceIsNamedAndAlikeRunsJoin() {
        RunInfo base = info("abc", 4, "KEEP", 129, 53);
        assertThat(base.cannotJoin(info("abc", 4, "KEEP", 129, 53))).isNull();
        assertThat(base.cannotJoin(info("abc", 4, "KEEP", 96, 40))).isEqualTo("its input is 96x40, not 129x53");
        assertThat(base.cannotJoin(info("abc", 5, "KEEP", 129, 53))).isEqualTo("it reads 5 characters, not 4");
        assertThat(base.cannotJoin(info("abd", 4, "KEEP", 129, 53))).isEqualTo("its alphabet is abd, not abc");
        assertThat(base.cannotJoin(info("abc", 4, "FOLD_LOWER", 129, 53)))
                .isEqualTo("it was trained with case rule fold-lower, not keep");
    }

    @Test
    void aModelOfAnotherCaseRuleIsWarnedAboutInTheWordsInfoPrints(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("abcd.png"), "not an image");
        Dataset folded = DatasetLoader.load(dir, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
        SavedModel kept = new SavedModel(dir, info("ABCDabcd", 4, "KEEP", 129, 53), null);
        assertThat(kept.caseRuleWarning(folded)).contains("the model was trained with case rule keep, the dataset uses fold-lower");
    }

    @Test
    void aCaseRuleThatChangesNoLabelIsNotWarnedAbout(@TempDir Path dir) throws Exception {
        Path lower = Files.createDirectories(dir.resolve("lower"));
        org.captchalab.dataset.TestImages.write(lower.resolve("abcd.png"), 64, 24, 1);
        Dataset keptLowercase = DatasetLoader.load(lower, DatasetOptions.defaults());
        SavedModel foldedRun = new SavedModel(dir, info("abcd", 4, "FOLD_LOWER", 129, 53), null);
        assertThat(foldedRun.caseRuleWarning(keptLowercase)).as("lowercase labels kept read as folded ones").isEmpty();

        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        org.captchalab.dataset.TestImages.write(mixed.resolve("ABcd.png"), 64, 24, 1);
        assertThat(foldedRun.caseRuleWarning(DatasetLoader.load(mixed, DatasetOptions.defaults())))
                .contains("the model was trained with case rule fold-lower, the dataset uses keep");

        Dataset folded = DatasetLoader.load(mixed, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
        assertThat(new SavedModel(dir, info("abcd", 4, "KEEP", 129, 53), null).caseRuleWarning(folded))
                .as("a run that kept case but knows no capital reads as a folded one").isEmpty();
    }

    @Test
    void theSizeWarningIsItsOwnItemSoACallerCanLeaveItOutWithoutReadingItsWords(@TempDir Path dir) throws Exception {
        org.captchalab.dataset.TestImages.write(dir.resolve("abcd.png"), 64, 24, 1);
        Dataset folded = DatasetLoader.load(dir, DatasetOptions.defaults().withCaseRule(CaseRule.FOLD_LOWER));
        SavedModel elsewhere = new SavedModel(dir, info("ABCDabcd", 4, "KEEP", 32, 16), null);
        assertThat(sizeWarning(elsewhere, folded)).contains("the dataset's images are 64x24 (the most common size), the"
                + " model was trained at 32x16 on other images (each is resized to it)");
        assertThat(elsewhere.caseRuleWarning(folded)).as("the other warning does not carry the size")
                .contains("the model was trained with case rule keep, the dataset uses fold-lower");

        // trained on this very folder: it resized these same images, so there is nothing to say of the size
        RunInfo own = new RunInfo(1, "r", "attention", "abcd", 4, "KEEP", 32, 16, null, null, null, RunInfo.PREPROCESSING,
                "f", dir.toString(), 1, Map.of(), 1, 1, Map.of(), "2026-11-28T00:00:00Z", "done", 0.5);
        assertThat(sizeWarning(new SavedModel(dir, own, null), folded)).isEmpty();
        Dataset kept = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(sizeWarning(new SavedModel(dir, info("abcd", 4, "KEEP", 64, 24), null), kept)).as("the same size").isEmpty();
        assertThat(elsewhere.caseRuleWarning(kept)).as("the same case rule").isEmpty();
    }

    /** A run that recorded the images it was trained on (as runs saved now do), at the input size given. */
    private static RunInfo trainedOn(int imageWidth, int imageHeight, int inputWidth, int inputHeight, String folder) {
        return new RunInfo(1, "r", "attention", "abcd", 4, "KEEP", inputWidth, inputHeight, imageWidth, imageHeight,
                null, RunInfo.PREPROCESSING, "f", folder, 1, Map.of(), 1, 1, Map.of(), "2026-11-28T00:00:00Z", "done", 0.5);
    }

    @Test
    void theSizeWarningComparesTheImagesWithThoseTheRunWasTrainedOnNotWithItsInput(@TempDir Path dir) throws Exception {
        org.captchalab.dataset.TestImages.write(dir.resolve("abcd.png"), 64, 24, 1);
        org.captchalab.dataset.TestImages.write(dir.resolve("bcda.png"), 64, 24, 2);
        org.captchalab.dataset.TestImages.write(dir.resolve("cdab.png"), 40, 20, 3);
        Dataset other = DatasetLoader.load(dir, DatasetOptions.defaults());
        // trained at 32x16 on 64x24 images elsewhere: these are images like its own (it warned before)
        assertThat(sizeWarning(new SavedModel(dir, trainedOn(64, 24, 32, 16, "/elsewhere"), null), other)).isEmpty();
        // trained at 64x24 on 129x53 images: the same size as its input, but not as its images (it said nothing)
        assertThat(sizeWarning(new SavedModel(dir, trainedOn(129, 53, 64, 24, "/elsewhere"), null), other))
                .contains("the dataset's images are 64x24 (the most common size), the model was trained on 129x53"
                        + " images (each is resized to its 64x24 input)");
        // the run's own folder counts only for runs that did not record their images: these did, and they differ
        assertThat(sizeWarning(new SavedModel(dir, trainedOn(129, 53, 64, 24, dir.toString()), null), other))
                .isPresent();
        // --input-size is what the dataset is read at, not the images' size: it neither hides nor makes a warning
        Dataset sized = DatasetLoader.load(dir, DatasetOptions.defaults().withInputSize(new ImageSize(32, 16)));
        assertThat(sizeWarning(new SavedModel(dir, trainedOn(64, 24, 32, 16, "/elsewhere"), null), sized)).isEmpty();
        assertThat(sizeWarning(new SavedModel(dir, trainedOn(129, 53, 32, 16, "/elsewhere"), null), sized)).isPresent();
    }

    @Test
    void refusalsNameEveryRunThatCannotJoinTheFirst() {
        List<RunInfo> infos = List.of(info("abc", 4, "KEEP", 129, 53), info("abc", 4, "KEEP", 129, 53),
                info("abc", 4, "KEEP", 96, 40), info("abc", 3, "KEEP", 129, 53));
        assertThat(RunInfo.ensembleRefusals(List.of("a", "b", "c", "d"), infos)).containsExactly(
                "c cannot join a in an ensemble: its input is 96x40, not 129x53",
                "d cannot join a in an ensemble: it reads 3 characters, not 4");
        assertThat(RunInfo.ensembleRefusals(List.of("a", "b"), infos.subList(0, 2))).isEmpty();
    }
}
