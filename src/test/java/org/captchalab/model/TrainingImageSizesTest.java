package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image sizes of every run of an ensemble are compared with the images read, not only the first run's: eval's
 * warning and predict's notes name the runs whose training images are unlike them. run.json alone: no network.
 */
class TrainingImageSizesTest {

    private static final ImageSize IMAGES_64X24 = new ImageSize(64, 24);

    @TempDir
    Path dir;

    /** A run read at 32x16, trained on images of {@code width}x{@code height} (null: not recorded, as before). */
    private static SavedModel run(String folder, Integer width, Integer height, List<String> others, String datasetPath) {
        RunInfo info = new RunInfo(1, folder, "strong", "abcd", 4, "KEEP", 32, 16, width, height, others,
                RunInfo.PREPROCESSING, "f", datasetPath, 1, Map.of(), 1, 1, Map.of(), "2026-11-28T00:00:00Z", "done", 0.5);
        return new SavedModel(Path.of("models", folder), info, null);
    }

    private static SavedModel run(String folder, int width, int height) {
        return run(folder, width, height, null, "/elsewhere");
    }

    private Dataset imagesOf(int width, int height) throws Exception {
        TestImages.write(dir.resolve("abcd.png"), width, height, 1);
        TestImages.write(dir.resolve("bcda.png"), width, height, 2);
        return DatasetLoader.load(dir, DatasetOptions.defaults());
    }

    @Test
    void aSizeLikeTheFirstRunsImagesButNotTheSecondsIsWarnedNamingTheSecond() throws Exception {
        Dataset d = imagesOf(64, 24);
        SavedModel a = run("a", 64, 24);
        SavedModel b = run("b", 40, 16);
        // only the first run was compared: a was trained on 64x24 images, so nothing was said
        assertThat(new TrainingImageSizes(List.of(a, b)).datasetWarning(d)).contains("the dataset's images are 64x24"
                + " (the most common size); of the ensemble's 2 runs, models/b was trained on 40x16 images (each image is"
                + " resized to their 32x16 input)");
        // in the other order the first run's words spoke for both, as if neither had seen 64x24 images
        assertThat(new TrainingImageSizes(List.of(b, a)).datasetWarning(d)).contains("the dataset's images are 64x24"
                + " (the most common size); of the ensemble's 2 runs, models/b was trained on 40x16 images (each image is"
                + " resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(b, a)).unlike(IMAGES_64X24)).contains("of the ensemble's 2 runs,"
                + " models/b was trained on 40x16 images (each image is resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(b, a)).unlike(new ImageSize(40, 16))).contains("of the ensemble's 2"
                + " runs, models/a was trained on 64x24 images (each image is resized to their 32x16 input)");
    }

    @Test
    void runsUnlikeTheImagesAreNamedOnlyWhenNotAllOrNotAlike() throws Exception {
        SavedModel a = run("a", 64, 24);
        SavedModel b = run("b", 40, 16);
        SavedModel c = run("c", 40, 16, List.of("64x24"), "/elsewhere");
        SavedModel d = run("d", 40, 16);
        ImageSize small = new ImageSize(32, 16);
        assertThat(new TrainingImageSizes(List.of(a, b, c, d)).unlike(small)).contains("of the ensemble's 4 runs,"
                + " models/a was trained on 64x24 images; models/b and models/d on 40x16 images; models/c on 40x16 and"
                + " 64x24 images (each image is resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(b, d)).unlike(small)).as("all alike: no names")
                .contains("the ensemble's 2 runs were trained on 40x16 images (each image is resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(a, c)).unlike(IMAGES_64X24)).as("a size every run was trained on")
                .isEmpty();
        assertThat(new TrainingImageSizes(List.of(a, b, c)).unlike(new ImageSize(40, 16)))
                .contains("of the ensemble's 3 runs, models/a was trained on 64x24 images (each image is resized to their"
                        + " 32x16 input)");
    }

    @Test
    void aRunWithoutRecordedSizesIsComparedWithItsInputAndIsQuietOnItsOwnFolder() throws Exception {
        Dataset d = imagesOf(64, 24);
        SavedModel recorded = run("a", 64, 24);
        SavedModel old = run("old", null, null, null, "/elsewhere");
        assertThat(new TrainingImageSizes(List.of(recorded, old)).datasetWarning(d)).contains("the dataset's images are"
                + " 64x24 (the most common size); of the ensemble's 2 runs, models/old was trained at 32x16 on other"
                + " images (each image is resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(recorded, old)).unlike(IMAGES_64X24)).contains("of the ensemble's 2"
                + " runs, models/old was trained at 32x16 (each image is resized to their 32x16 input)");
        assertThat(new TrainingImageSizes(List.of(recorded, old)).unlike(new ImageSize(32, 16))).contains("of the"
                + " ensemble's 2 runs, models/a was trained on 64x24 images (each image is resized to their 32x16 input)");
        // trained on this very folder before sizes were recorded: it resized these same images, nothing to say of it
        SavedModel own = run("own", null, null, null, dir.toString());
        assertThat(new TrainingImageSizes(List.of(recorded, own)).datasetWarning(d)).isEmpty();
    }

    @Test
    void oneRunKeepsItsWords() throws Exception {
        Dataset d = imagesOf(64, 24);
        assertThat(new TrainingImageSizes(List.of(run("b", 40, 16))).datasetWarning(d)).contains("the dataset's images"
                + " are 64x24 (the most common size), the model was trained on 40x16 images (each is resized to its 32x16"
                + " input)");
        assertThat(new TrainingImageSizes(List.of(run("old", null, null, null, "/elsewhere"))).datasetWarning(d))
                .contains("the dataset's images are 64x24 (the most common size), the model was trained at 32x16 on other"
                        + " images (each is resized to it)");
        assertThat(new TrainingImageSizes(List.of(run("old", null, null, null, "/elsewhere"))).unlike(IMAGES_64X24))
                .contains("the model was trained at 32x16 (each image is resized to it)");
    }
}
