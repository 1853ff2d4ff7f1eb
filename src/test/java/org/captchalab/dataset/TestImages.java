package org.captchalab.dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small images for tests, written in any of the supported formats; {@code shade} makes them differ. */
public final class TestImages {

    private TestImages() {
    }

    public static BufferedImage image(int width, int height, int shade) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(shade & 0xff, (shade * 7) & 0xff, (shade * 13) & 0xff));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawLine(0, 0, width - 1, height - 1);
        g.dispose();
        return img;
    }

    public static byte[] bytes(int width, int height, int shade, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!javax.imageio.ImageIO.write(image(width, height, shade), format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** Writes an image; the format follows the file's extension. */
    public static Path write(Path file, int width, int height, int shade) throws IOException {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        String format = ext.equals("jpg") ? "jpeg" : ext;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes(width, height, shade, format));
        return file;
    }

    /** The shared real datasets: {@code <repo>/../shared/datasets}, or the system property if set. */
    public static Path sharedDatasets() {
        String p = System.getProperty("captchalab.shared.datasets");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath().resolveSibling("shared").resolve("datasets");
    }

    /**
     * Fails (never skips) when a shared dataset is missing: tests that read the real sets must not pass by
     * skipping on a machine where {@code ../shared/datasets} was not laid out beside the clone.
     */
    public static void requireSharedDataset(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new AssertionError("shared dataset not found at " + dir
                    + " (expected ../shared/datasets beside the repository, or -Dcaptchalab.shared.datasets=DIR)");
        }
    }
}
