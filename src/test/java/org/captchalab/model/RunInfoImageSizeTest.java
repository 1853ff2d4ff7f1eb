package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.captchalab.dataset.ImageSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json's {@code image_width} and {@code image_height}: the size of the images a run was trained on, written and
 * read back, and absent from runs saved before it was recorded, which still load and are compared with their input
 * size. Only run.json is read: no network is needed.
 */
class RunInfoImageSizeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** A run trained at 96x40 on 129x53 images. */
    private static RunInfo trainedAt96x40On129x53() {
        return new RunInfo(1, "r", "attention", "abcdef", 4, "KEEP", 96, 40, 129, 53, null, RunInfo.PREPROCESSING, "fp",
                "/data", 7, Map.of("epochs", 3), 1, 1000, Map.of("epochs", 3), "2026-01-01T00:00:00Z", "finished", 0.6);
    }

    private Path folderWith(String name, String json) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve(ModelFolder.RUN_JSON), json);
        return folder;
    }

    private Path edited(String name, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(ModelFolder.toJson(trainedAt96x40On129x53()));
        edit.accept(node);
        return folderWith(name, MAPPER.writeValueAsString(node));
    }

    @Test
    void theImagesSizeIsWrittenBesideTheInputSizeAndReadBack() throws Exception {
        String json = ModelFolder.toJson(trainedAt96x40On129x53());
        assertThat(MAPPER.readTree(json).get("image_width").asInt()).isEqualTo(129);
        assertThat(MAPPER.readTree(json).get("image_height").asInt()).isEqualTo(53);
        RunInfo read = ModelFolder.readInfo(folderWith("new", json));
        assertThat(read).isEqualTo(trainedAt96x40On129x53());
        assertThat(read.imageSize()).isEqualTo(new ImageSize(129, 53));
        assertThat(read.comparedImageSize()).isEqualTo(new ImageSize(129, 53));
        assertThat(read.trainedOn()).isEqualTo("the model was trained on 129x53 images (each is resized to its 96x40 input)");
        // calibrate rewrites run.json through withTemperature: the size must survive it
        assertThat(read.withTemperature(0.9).imageSize()).isEqualTo(new ImageSize(129, 53));
    }

    /** A run trained on images of several sizes (swust_cas_4char has three) records the others beside the most common. */
    @Test
    void otherSizesAreWrittenOnlyWhenThereAreSomeAndCountAsTrainedOn() throws Exception {
        assertThat(ModelFolder.toJson(trainedAt96x40On129x53())).as("one size: no empty list").doesNotContain("other_image");
        Path mixed = edited("mixed", n -> n.put("image_width", 90).put("image_height", 30)
                .set("other_image_sizes", MAPPER.createArrayNode().add("100x35").add("92x34")));
        RunInfo read = ModelFolder.readInfo(mixed);
        assertThat(read.otherImageSizes()).containsExactly("100x35", "92x34");
        assertThat(read.trainedOnSize(new ImageSize(100, 35))).isTrue();
        assertThat(read.trainedOnSize(new ImageSize(90, 30))).isTrue();
        assertThat(read.trainedOnSize(new ImageSize(129, 53))).isFalse();
        assertThat(read.trainedOn()).isEqualTo("the model was trained on 90x30, 100x35 and 92x34 images (each is"
                + " resized to its 96x40 input)");
        assertThat(MAPPER.readTree(ModelFolder.toJson(read)).get("other_image_sizes")).hasSize(2);

        assertThat(refusal(edited("not-a-size", n -> n.set("other_image_sizes", MAPPER.createArrayNode().add("wide")))))
                .isEqualTo("is invalid: other_image_sizes holds \"wide\", not a size such as 129x53");
        assertThat(refusal(edited("zero-size", n -> n.set("other_image_sizes", MAPPER.createArrayNode().add("0x5")))))
                .isEqualTo("is invalid: other_image_sizes holds \"0x5\", not a size such as 129x53");
    }

    @Test
    void aRunJsonFromBeforeTheFieldLoadsAndIsComparedWithItsInputSize() throws Exception {
        Path old = edited("old", n -> n.without(java.util.List.of("image_width", "image_height")));
        assertThat(Files.readString(old.resolve(ModelFolder.RUN_JSON))).doesNotContain("image_");
        RunInfo read = ModelFolder.readInfo(old);
        assertThat(read.imageSize()).isNull();
        assertThat(read.comparedImageSize()).isEqualTo(new ImageSize(96, 40));
        assertThat(read.trainedOn()).isEqualTo("the model was trained at 96x40 (each image is resized to it)");
        assertThat(read.inputSize()).isEqualTo(new ImageSize(96, 40));
        // calibrate rewrites it: still without the fields, not with them set to null
        assertThat(ModelFolder.toJson(read.withTemperature(0.5))).doesNotContain("image_");
        // the shipped swust runs were trained on three sizes: the most common first, then the others
        RunInfo swust = ModelFolder.readInfo(Path.of("models", "swust-strong"));
        assertThat(swust.imageSize()).isEqualTo(new ImageSize(90, 30));
        assertThat(swust.otherImageSizes()).containsExactly("100x35", "92x34");
    }

    @Test
    void theShippedQqRunsTrainedAt96x40SayTheirImagesWere129x53() {
        RunInfo strong = ModelFolder.readInfo(Path.of("models", "qq-strong"));
        assertThat(strong.inputSize()).isEqualTo(new ImageSize(96, 40));
        assertThat(strong.comparedImageSize()).isEqualTo(new ImageSize(129, 53));
    }

    @Test
    void halfASizeOrOneBelowOneIsRefusedInOneLineNamingTheField() throws Exception {
        assertThat(refusal(edited("half", n -> n.remove("image_height"))))
                .isEqualTo("is invalid: image_width is given without image_height");
        assertThat(refusal(edited("other-half", n -> n.putNull("image_width"))))
                .isEqualTo("is invalid: image_height is given without image_width");
        assertThat(refusal(edited("zero", n -> n.put("image_height", 0))))
                .isEqualTo("is invalid: image_height must be a positive whole number (got 0)");
        assertThat(refusal(edited("text", n -> n.put("image_width", "wide"))))
                .isEqualTo("is invalid: image_width must be a whole number (got \"wide\")");
    }

    private static String refusal(Path folder) {
        Path json = folder.resolve(ModelFolder.RUN_JSON);
        Throwable e = catchThrowable(() -> ModelFolder.readInfo(folder));
        assertThat(e).isInstanceOf(ModelFormatException.class);
        assertThat(e.getMessage()).startsWith(json + " ").doesNotContain("\n");
        return e.getMessage().substring(json.toString().length() + 1);
    }
}
