package org.captchalab.ui.fakes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.GeneratedCaptcha;

/** Writes small generated QQ-style datasets for UI tests ({@code label_index.png}). */
public final class SampleSets {

    private SampleSets() {
    }

    public static Path generate(Path dir, int count, long seed) throws IOException {
        Files.createDirectories(dir);
        CaptchaGenerator gen = new CaptchaGenerator(seed);
        for (int i = 0; i < count; i++) {
            GeneratedCaptcha c = gen.generate(i);
            ImageIO.write(c.image(), "png", dir.resolve(c.label() + "_" + i + ".png").toFile());
        }
        return dir;
    }

    /** {@code java ... SampleSets DIR COUNT SEED}: a dataset for trying the window by hand. */
    public static void main(String[] args) throws IOException {
        generate(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]));
    }
}
