package org.captchalab.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws captchas in the style of Tencent QQ's (the real ones are not public): 129 x 53 RGB, four letters a-z,
 * each glyph randomly upper or lower case while the label is lowercase, in several fonts, sizes and colours,
 * rotated, overlapping or touching, over interference curves and noise.
 *
 * <p>Deterministic: captcha {@code i} of seed {@code s} is drawn from its own {@link java.util.Random} (whose
 * algorithm the Java specification fixes) seeded from {@code s} and {@code i}, with every rendering hint set
 * explicitly and only logical fonts used, so the same seed gives the same bytes on a given machine. Which font
 * files the logical fonts use depends on the machine: {@link #fontsUnlikeReference()} tells whether this one
 * draws as the machine that made sample-data did (on Debian 12, Monospaced and DialogInput are Noto Sans Mono
 * when fonts-noto-mono is installed and DejaVu Sans Mono when it is not). Nothing reads the clock or iterates
 * a hash map. Images are written as PNG: lossless, so a saved image decodes to exactly the pixels drawn, and
 * the JDK's PNG writer adds no timestamp; see the README of sample-data for the size this gives.
 */
public final class CaptchaGenerator {

    public static final int WIDTH = 129;
    public static final int HEIGHT = 53;
    public static final int LENGTH = 4;
    public static final String FORMAT = "png";
    /** The label alphabet; glyphs are drawn in either case. */
    public static final Alphabet ALPHABET = Alphabet.LOWERCASE;

    /** Java's logical fonts, present in every JDK. */
    static final String[] FONTS = {"Serif", "SansSerif", "Monospaced", "Dialog", "DialogInput"};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
    /** {@link #fontPrints()} on the machine that made sample-data and the shipped models' QQ-style data. */
    static final Map<String, String> REFERENCE_PRINTS = Map.of(
            "Serif", "08e5286327f7d413", "SansSerif", "34746859c29aa1ac", "Monospaced", "5aac671bfcf7a1a2",
            "Dialog", "34746859c29aa1ac", "DialogInput", "5aac671bfcf7a1a2");

    private final long seed;

    public CaptchaGenerator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Captcha number {@code index} of this seed; the same call always gives the same pixels. */
    public GeneratedCaptcha generate(int index) {
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        char[] label = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            label[i] = ALPHABET.charAt(rnd.nextInt(ALPHABET.size()));
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        StringBuilder drawn = new StringBuilder();
        List<String> fonts = new ArrayList<>(LENGTH);
        try {
            hints(g);
            background(g, rnd);
            curves(g, rnd, 2 + rnd.nextInt(3), 0.6f, 1.4f);
            glyphs(g, rnd, label, drawn, fonts);
            curves(g, rnd, 1 + rnd.nextInt(2), 1.2f, 2.6f);
        } finally {
            g.dispose();
        }
        noise(img, rnd);
        return new GeneratedCaptcha(index, new String(label), drawn.toString(), List.copyOf(fonts), img);
    }

    /**
     * What {@link #writeAll} did. {@code files}: captcha {@code i}'s file at index {@code i}, null where
     * something else of that name was there first (it is in {@code kept}, untouched); {@code alreadyThere}: how
     * many files held exactly the bytes that would have been written (a folder generated into twice with one seed).
     */
    public record Written(List<Path> files, int alreadyThere, List<Path> kept) {

        /** How many files now hold their captcha: written now or found identical. */
        public int count() {
            return files.size() - kept.size();
        }
    }

    /**
     * Writes captchas {@code 0..count-1} into {@code dir} as {@code <label>_<index>.png}, in parallel (each
     * image depends only on the seed and its index, so the files do not depend on the thread that drew them).
     * Nothing already there is ever written over: a file holding the same bytes is counted as already there;
     * anything else of that name (another image, a folder) is kept, and its captcha left out.
     */
    public Written writeAll(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        Path[] names = new Path[count];
        Outcome[] outcomes = new Outcome[count];
        try {
            IntStream.range(0, count).parallel().forEach(i -> {
                GeneratedCaptcha c = generate(i);
                names[i] = dir.resolve(c.fileName());
                outcomes[i] = writeNew(names[i], encode(c.image()));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Path> files = new ArrayList<>(count);
        List<Path> kept = new ArrayList<>();
        int identical = 0;
        for (int i = 0; i < count; i++) {
            files.add(outcomes[i] == Outcome.KEPT ? null : names[i]);
            if (outcomes[i] == Outcome.KEPT) {
                kept.add(names[i]);
            } else if (outcomes[i] == Outcome.IDENTICAL) {
                identical++;
            }
        }
        return new Written(Collections.unmodifiableList(files), identical, List.copyOf(kept));
    }

    private enum Outcome { WRITTEN, IDENTICAL, KEPT }

    /**
     * Writes {@code bytes} to {@code file} unless something is already there, which is left as it is. The bytes go
     * to a hidden {@code .part} file of this process and thread first (not an image name, so no loader reads it),
     * which is then linked under the captcha's name, a step that fails rather than replace anything: a write cut
     * short (a full disk, the program stopped) never leaves a partial image under that name, and two programs
     * generating into one folder do not touch each other's files. Where the file system has no hard links, the
     * file is renamed instead, after checking that the name is still free.
     */
    private static Outcome writeNew(Path file, byte[] bytes) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return sameBytes(file, bytes) ? Outcome.IDENTICAL : Outcome.KEPT;
        }
        Path part = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + ".part");
        try {
            Files.write(part, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                publish(part, file);
                return Outcome.WRITTEN;
            } catch (FileAlreadyExistsException e) {
                return sameBytes(file, bytes) ? Outcome.IDENTICAL : Outcome.KEPT;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a leftover .part file is not read as an image
            }
        }
    }

    /** Puts {@code part}'s bytes under {@code file}, which must not exist (else FileAlreadyExistsException). */
    private static void publish(Path part, Path file) throws IOException {
        try {
            Files.createLink(file, part);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException noLinks) {
            // without REPLACE_EXISTING the move refuses a name that is taken
            Files.move(part, file);
        }
    }

    private static boolean sameBytes(Path file, byte[] bytes) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                    && Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The PNG bytes of an image, at the strongest deflate level (about 4% smaller than the default). */
    public static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(FORMAT).next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_DITHERING, RenderingHints.VALUE_DITHER_DISABLE);
        g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
    }

    private static void background(Graphics2D g, Random rnd) {
        g.setColor(new Color(215 + rnd.nextInt(41), 215 + rnd.nextInt(41), 215 + rnd.nextInt(41)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
    }

    private static void curves(Graphics2D g, Random rnd, int count, float minWidth, float maxWidth) {
        for (int i = 0; i < count; i++) {
            g.setColor(color(rnd, 40, 200));
            g.setStroke(new BasicStroke(minWidth + rnd.nextFloat() * (maxWidth - minWidth), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            float y0 = rnd.nextFloat() * HEIGHT;
            float y3 = rnd.nextFloat() * HEIGHT;
            g.draw(new CubicCurve2D.Float(-5, y0, WIDTH * 0.33f, rnd.nextFloat() * HEIGHT * 1.6f - HEIGHT * 0.3f,
                    WIDTH * 0.66f, rnd.nextFloat() * HEIGHT * 1.6f - HEIGHT * 0.3f, WIDTH + 5, y3));
        }
    }

    /** Draws the label's glyphs; appends each glyph as drawn to {@code drawn} and its logical font to {@code fonts}. */
    private static void glyphs(Graphics2D g, Random rnd, char[] label, StringBuilder drawn, List<String> fonts) {
        FontRenderContext frc = g.getFontRenderContext();
        double x = 4 + rnd.nextInt(10);
        for (char ch : label) {
            char shown = rnd.nextBoolean() ? Character.toUpperCase(ch) : ch;
            drawn.append(shown);
            String family = FONTS[rnd.nextInt(FONTS.length)];
            fonts.add(family);
            Font font = new Font(family, STYLES[rnd.nextInt(STYLES.length)], 26 + rnd.nextInt(11));
            GlyphVector gv = font.createGlyphVector(frc, String.valueOf(shown));
            Rectangle2D box = gv.getVisualBounds();
            double angle = Math.toRadians(rnd.nextInt(61) - 30);
            double baseline = HEIGHT / 2.0 + box.getHeight() / 2.0 + rnd.nextInt(9) - 4;
            baseline = Math.max(box.getHeight() + 2 - 3, Math.min(HEIGHT - 2, baseline));
            AffineTransform saved = g.getTransform();
            double cx = x + box.getWidth() / 2.0;
            double cy = baseline - box.getHeight() / 2.0;
            g.rotate(angle, cx, cy);
            g.setColor(color(rnd, 0, 150));
            g.drawGlyphVector(gv, (float) (x - box.getX()), (float) baseline);
            g.setTransform(saved);
            // Advance less than the glyph's width so neighbours touch or overlap, as in the QQ captcha.
            x += box.getWidth() * (0.7 + rnd.nextDouble() * 0.3) + 1;
            x = Math.min(x, WIDTH - 20);
        }
    }

    private static void noise(BufferedImage img, Random rnd) {
        int dots = 25 + rnd.nextInt(40);
        for (int i = 0; i < dots; i++) {
            int x = rnd.nextInt(WIDTH);
            int y = rnd.nextInt(HEIGHT);
            img.setRGB(x, y, color(rnd, 0, 255).getRGB());
        }
    }

    /**
     * A short fingerprint of how this machine draws each logical font: the first 16 hex digits of a SHA-256 over
     * the pixels of a fixed string drawn in the font's four styles, with the generator's rendering hints. Two
     * machines with the same fingerprints draw the same captchas for a seed.
     */
    public static Map<String, String> fontPrints() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String family : FONTS) {
            BufferedImage img = new BufferedImage(260, 48 * STYLES.length, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                hints(g);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, img.getWidth(), img.getHeight());
                g.setColor(Color.BLACK);
                for (int i = 0; i < STYLES.length; i++) {
                    g.setFont(new Font(family, STYLES[i], 30));
                    g.drawString("AaBgIlQ0&wZ", 4, 38 + 48 * i);
                }
            } finally {
                g.dispose();
            }
            MessageDigest md = Dataset.sha256();
            ByteBuffer buf = ByteBuffer.allocate(img.getWidth() * 4);
            for (int y = 0; y < img.getHeight(); y++) {
                buf.clear();
                for (int x = 0; x < img.getWidth(); x++) {
                    buf.putInt(img.getRGB(x, y));
                }
                md.update(buf.array());
            }
            out.put(family, HexFormat.of().formatHex(md.digest()).substring(0, 16));
        }
        return out;
    }

    /**
     * The logical fonts this machine draws differently from the one that made sample-data and the QQ-style training
     * set of the shipped models (Debian 12, fonts-dejavu-core and fonts-noto-mono): with any of them, a seed gives
     * other images than the published ones. Empty when this machine reproduces them pixel for pixel.
     */
    public static List<String> fontsUnlikeReference() {
        List<String> out = new ArrayList<>();
        fontPrints().forEach((family, print) -> {
            if (!print.equals(REFERENCE_PRINTS.get(family))) {
                out.add(family);
            }
        });
        return out;
    }

    private static Color color(Random rnd, int min, int max) {
        return new Color(min + rnd.nextInt(max - min + 1), min + rnd.nextInt(max - min + 1),
                min + rnd.nextInt(max - min + 1));
    }
}
