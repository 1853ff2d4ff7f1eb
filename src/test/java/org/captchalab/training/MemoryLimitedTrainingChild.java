package org.captchalab.training;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.Preset;

/**
 * The child JVM of {@link TrainingOutOfMemoryTest}: trains on images scaled up to 1024x512 with a batch of
 * 64, whose input array alone (402 MB of floats) is more than the memory the test gives it, and prints
 * what the job's listener was told and what {@code run()} returned, as the GUI would show them.
 *
 * <p>Argument: a new folder for the images and the checkpoint.
 */
public final class MemoryLimitedTrainingChild {

    private MemoryLimitedTrainingChild() {
    }

    public static void main(String[] args) throws Exception {
        Nd4jTestSupport.init();
        Path dir = java.nio.file.Files.createDirectories(Path.of(args[0]));
        List<CaptchaSample> all = TinyData.write(dir, 80, 32, 16, 5);
        TrainingData data = new TrainingData(all.subList(0, 64), all.subList(64, 80), TinyData.ALPHABET,
                TinyData.LENGTH, new ImageCache(dir, new ImageSize(1024, 512)));
        TrainingConfig config = TrainingConfig.defaults(Preset.STRONG).withEpochs(1).withBatchSize(64);
        TrainingJob job = new TrainingJob(config, data, TinyData.spec(Preset.STRONG, 1024, 512), dir.resolve("checkpoint"));
        job.addListener(new TrainingListener() {
            @Override
            public void finished(TrainingResult r) {
                System.out.println("listener: " + r.status() + ": " + r.message());
            }
        });
        TrainingResult r = job.run();
        System.out.println("result: " + r.status() + ": " + r.message());
    }
}
