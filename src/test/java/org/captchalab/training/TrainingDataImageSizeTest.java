package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.junit.jupiter.api.Test;

/** The size run.json records as that of the images a run was trained on: theirs on disk, not the input size. */
class TrainingDataImageSizeTest {

    private static CaptchaSample sample(String name, int width, int height) {
        return new CaptchaSample(name + ".png", name, width, height, name);
    }

    @Test
    void theMostCommonSizeOfTheTrainAndValidationImagesNotTheInputSize() {
        List<CaptchaSample> train = List.of(sample("ab", 129, 53), sample("ba", 160, 60), sample("aa", 129, 53));
        List<CaptchaSample> val = List.of(sample("bb", 160, 60), sample("ca", 160, 60));
        TrainingData data = new TrainingData(train, val, TinyData.ALPHABET, 2,
                new ImageCache(Path.of("unused"), new ImageSize(96, 40)));
        // 129x53 is the most common in the training split alone; with validation 160x60 is (3 of 5)
        assertThat(data.imageSize()).isEqualTo(new ImageSize(160, 60));
        assertThat(data.otherImageSizes(16)).containsExactly(new ImageSize(129, 53));
        assertThat(data.otherImageSizes(0)).as("at most as many as asked for").isEmpty();

        TrainingData tie = new TrainingData(List.of(sample("ab", 90, 30), sample("ba", 100, 35)), List.of(),
                TinyData.ALPHABET, 2, new ImageCache(Path.of("unused"), new ImageSize(96, 40)));
        assertThat(tie.imageSize()).as("a tie goes to the larger size, as info orders sizes").isEqualTo(new ImageSize(100, 35));
        assertThat(tie.otherImageSizes(16)).containsExactly(new ImageSize(90, 30));
    }
}
