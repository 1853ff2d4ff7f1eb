package org.captchalab.training;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;

/**
 * A tiny, easily learnt dataset written as PNG files: each position is a vertical band whose colour encodes
 * its character (with noise), so a few epochs reach high accuracy.
 */
final class TinyData {

    static final Alphabet ALPHABET = new Alphabet("abc");
    static final int LENGTH = 2;
    static final Color[] COLORS = {new Color(220, 40, 40), new Color(40, 200, 40), new Color(40, 40, 220)};

    private TinyData() {
    }

    static List<CaptchaSample> write(Path dir, int count, int width, int height, long seed) throws IOException {
        Random r = new Random(seed);
        List<CaptchaSample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder label = new StringBuilder();
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < LENGTH; p++) {
                int c = r.nextInt(ALPHABET.size());
                label.append(ALPHABET.charAt(c));
                for (int y = 0; y < height; y++) {
                    for (int x = p * width / LENGTH; x < (p + 1) * width / LENGTH; x++) {
                        int noise = r.nextInt(60) - 30;
                        Color k = COLORS[c];
                        img.setRGB(x, y, new Color(clamp(k.getRed() + noise), clamp(k.getGreen() + noise), clamp(k.getBlue() + noise)).getRGB());
                    }
                }
            }
            String name = label + "_" + i + ".png";
            ImageIO.write(img, "png", dir.resolve(name).toFile());
            out.add(new CaptchaSample(name, label.toString(), width, height, "h" + i));
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static TrainingData data(Path dir, int train, int val, int width, int height) throws IOException {
        List<CaptchaSample> all = write(dir, train + val, width, height, 7);
        return new TrainingData(all.subList(0, train), all.subList(train, train + val), ALPHABET, LENGTH,
                new ImageCache(dir, new ImageSize(width, height)));
    }

    /** The small runs these tests train: strong, batch 16, learning rate 3e-3, no early stopping. */
    static TrainingConfig config(int epochs) {
        return TrainingConfig.defaults(Preset.STRONG).withEpochs(epochs).withBatchSize(16).withLearningRate(3e-3)
                .withPatience(0);
    }

    static NetworkSpec spec(Preset preset, int width, int height) {
        return new NetworkSpec(preset, width, height, LENGTH, ALPHABET.size());
    }
}
