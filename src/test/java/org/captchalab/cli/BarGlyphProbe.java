package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.captchalab.NativeBackend;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.GeneratedCaptcha;
import org.captchalab.model.ImageCache;
import org.captchalab.model.SequencePrediction;

/**
 * How a model reads the glyphs of generated QQ-style captchas that are a plain bar: a capital I or a lowercase l
 * drawn in SansSerif or Dialog (both DejaVu Sans on this machine, where the two letters differ only slightly in
 * stroke width for their height, while every glyph gets a random size). The labels are lowercase, so the first
 * is labelled i and the second l.
 *
 * <p>For each image of the test split it draws the captcha again from the generator (seed and index, from the
 * file name), checks that the bytes are the file's, and compares the model's reading per glyph. It prints the
 * model's accuracy on bar glyphs and on all other glyphs, and what a reader would score who reads every other
 * glyph right and guesses each bar (one chance in two): an upper bound on the test split for such a reader.
 *
 * <p>{@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.captchalab.cli.BarGlyphProbe
 * DIR MODEL_DIR SEED [WxH]}
 */
public final class BarGlyphProbe {

    private static final Set<String> SANS = Set.of("SansSerif", "Dialog");

    private BarGlyphProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeBackend.select();
        Path dir = Path.of(args[0]);
        DatasetArgs options = new DatasetArgs();
        options.inputSize = args.length > 3 ? args[3] : null;
        PrintWriter err = new PrintWriter(System.err, true);
        ModelOnData m = ModelOnData.open(Path.of(args[1]), dir, options, err);
        if (m == null) {
            System.exit(1);
        }
        CaptchaGenerator generator = new CaptchaGenerator(Long.parseLong(args[2]));
        List<CaptchaSample> test = m.data().samples("test");
        ImageCache cache = m.images();
        int bars = 0;
        int barsRight = 0;
        int others = 0;
        int othersRight = 0;
        int withBar = 0;
        int withBarRight = 0;
        int withoutBarRight = 0;
        int bytesChecked = 0;
        double ceiling = 0;
        for (int from = 0; from < test.size(); from += 128) {
            List<CaptchaSample> batch = test.subList(from, Math.min(test.size(), from + 128));
            List<byte[]> pixels = new ArrayList<>();
            for (CaptchaSample s : batch) {
                pixels.add(cache.get(s));
            }
            List<SequencePrediction> predictions = m.model().predictor().predict(pixels);
            for (int k = 0; k < batch.size(); k++) {
                CaptchaSample s = batch.get(k);
                String name = Path.of(s.path()).getFileName().toString();
                int index = Integer.parseInt(name.substring(name.indexOf('_') + 1, name.indexOf('.')));
                GeneratedCaptcha c = generator.generate(index);
                if (!c.label().equals(s.label())) {
                    throw new IllegalStateException(name + ": the generator's label for index " + index + " is " + c.label());
                }
                if (from == 0 && k < 20) {
                    if (!java.util.Arrays.equals(CaptchaGenerator.encode(c.image()), Files.readAllBytes(dir.resolve(s.path())))) {
                        throw new IllegalStateException(name + ": drawn again, the image differs from the file (another seed?)");
                    }
                    bytesChecked++;
                }
                String read = predictions.get(k).text();
                int barsHere = 0;
                for (int p = 0; p < c.label().length(); p++) {
                    char shown = c.drawn().charAt(p);
                    boolean bar = (shown == 'I' || shown == 'l') && SANS.contains(c.fonts().get(p));
                    boolean right = read.charAt(p) == c.label().charAt(p);
                    if (bar) {
                        bars++;
                        barsRight += right ? 1 : 0;
                        barsHere++;
                    } else {
                        others++;
                        othersRight += right ? 1 : 0;
                    }
                }
                boolean allRight = read.equals(c.label());
                if (barsHere > 0) {
                    withBar++;
                    withBarRight += allRight ? 1 : 0;
                } else {
                    withoutBarRight += allRight ? 1 : 0;
                }
                ceiling += Math.pow(0.5, barsHere);
            }
        }
        int n = test.size();
        System.out.printf("test images: %d (the first %d drawn again byte for byte)%n", n, bytesChecked);
        System.out.printf("bar glyphs (I or l in SansSerif/Dialog): %d of %d glyphs; read right: %d (%.1f%%)%n",
                bars, bars + others, barsRight, 100.0 * barsRight / Math.max(1, bars));
        System.out.printf("all other glyphs: read right %d of %d (%.1f%%)%n", othersRight, others, 100.0 * othersRight / others);
        System.out.printf("images with at least one bar glyph: %d (%.1f%%); fully right: %d (%.1f%%); images without: %.1f%% fully right%n",
                withBar, 100.0 * withBar / n, withBarRight, 100.0 * withBarRight / Math.max(1, withBar),
                100.0 * withoutBarRight / Math.max(1, n - withBar));
        System.out.printf("a reader right on every other glyph and guessing each bar would expect %.2f%% of the test split fully right%n",
                100.0 * ceiling / n);
    }
}
