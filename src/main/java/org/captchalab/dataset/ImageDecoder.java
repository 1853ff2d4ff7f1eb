package org.captchalab.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes captcha images without letting a bad file hurt the program: PNG, JPEG, BMP and GIF (first frame).
 *
 * <p>Every refusal is an {@link ImageDecodeException} with a one-line reason: an empty file, a file that is
 * not an image although its name says so, a file cut short (checked from the format's end marker, so a scan
 * catches it without decoding pixels), damaged pixel data (decoder warnings count as errors, because ImageIO
 * otherwise fills a truncated JPEG with grey and says nothing), and images larger than {@link #MAX_PIXELS}.
 * The size limit is checked from the header, before the raster is allocated, so a hostile 50,000 x 50,000
 * PNG costs a few bytes of reading rather than 10 GB of memory.
 */
public final class ImageDecoder {

    /**
     * The largest image accepted, in pixels: 4096 x 4096 (about 16.8 million; 64 MB as an ARGB raster). A
     * captcha is about ten thousand pixels, so anything near this is not a captcha.
     */
    public static final long MAX_PIXELS = 4096L * 4096L;

    /** Files larger than this are refused before they are read (64 MB). */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {
    }

    /** Decodes the file's first image into pixels, or says in one line why it cannot. */
    public static BufferedImage decode(Path file) throws ImageDecodeException {
        return decode(readBytes(file), file.toString());
    }

    /** Decodes bytes already read; {@code name} is used in messages. */
    public static BufferedImage decode(byte[] bytes, String name) throws ImageDecodeException {
        return read(bytes, name, "image data", (reader, header) -> {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new ImageDecodeException(name, "damaged image data (" + warnings.get(0) + ")");
            }
            return image;
        });
    }

    /** Reads only the header of bytes already in memory, checking size limits and that the file is complete. */
    public static ImageHeader readHeader(byte[] bytes, String name) throws ImageDecodeException {
        return read(bytes, name, "image header", (reader, header) -> header);
    }

    /** What is read once the header has passed its checks: the pixels, or nothing more. */
    private interface AfterHeader<T> {
        T read(ImageReader reader, ImageHeader header) throws IOException;
    }

    /**
     * The checks every read makes (not empty, a format we take, a size within the limits, not cut short), then
     * {@code after}; a failure ImageIO throws is "damaged {@code part}" with its reason.
     */
    private static <T> T read(byte[] bytes, String name, String part, AfterHeader<T> after) throws ImageDecodeException {
        checkNotEmpty(bytes, name);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in, name);
            try {
                reader.setInput(in, true, true);
                ImageHeader header = header(reader, name);
                checkComplete(bytes, header.format(), name);
                return after.read(reader, header);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the {} of {}", part, name, e);
            throw new ImageDecodeException(name, "damaged " + part + " (" + ErrorLines.oneLine(e) + ")");
        }
    }

    /** Reads a whole image file, refusing files above {@link #MAX_FILE_BYTES}. */
    public static byte[] readBytes(Path file) throws ImageDecodeException {
        String name = file.toString();
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                throw new ImageDecodeException(name, "it is a folder, not an image file");
            }
            if (!attrs.isRegularFile()) {
                // reading a pipe would wait for a writer forever, a device could give bytes without end
                throw new ImageDecodeException(name, "not a regular file (a pipe, device or socket)");
            }
            long size = attrs.size();
            if (size > MAX_FILE_BYTES) {
                throw new ImageDecodeException(name, "file too large for a captcha (" + size + " bytes, limit "
                        + MAX_FILE_BYTES + ")");
            }
            return Files.readAllBytes(file);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(name, Files.isSymbolicLink(file)
                    ? "broken symbolic link (its target does not exist)" : "no such file");
        } catch (AccessDeniedException e) {
            throw new ImageDecodeException(name, "cannot read file (permission denied)");
        } catch (IOException e) {
            LOG.debug("cannot read {}", file, e);
            if (Files.isDirectory(file)) {
                throw new ImageDecodeException(name, "it is a folder, not an image file");
            }
            // a file system error's message is the path again; its reason, when it has one, is what is new
            throw new ImageDecodeException(name, "cannot read file (" + ErrorLines.reason(e) + ")");
        }
    }

    private static void checkNotEmpty(byte[] bytes, String name) throws ImageDecodeException {
        if (bytes.length == 0) {
            throw new ImageDecodeException(name, "empty file (0 bytes)");
        }
    }

    private static ImageReader readerFor(ImageInputStream in, String name) throws ImageDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader r = readers.next();
            String format = format(r);
            if (format.equals("png") || format.equals("jpeg") || format.equals("bmp") || format.equals("gif")) {
                return r;
            }
            r.dispose();
        }
        throw new ImageDecodeException(name, "not a PNG, JPEG, BMP or GIF image (unrecognised content)");
    }

    private static ImageHeader header(ImageReader reader, String name) throws IOException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
            throw new ImageDecodeException(name, "image has no pixels (" + w + "x" + h + ")");
        }
        if ((long) w * h > MAX_PIXELS) {
            throw new ImageDecodeException(name, "image too large: " + w + "x" + h + " pixels (limit "
                    + MAX_PIXELS + " pixels)");
        }
        return new ImageHeader(format(reader), w, h);
    }

    private static String format(ImageReader reader) {
        try {
            String f = reader.getFormatName().toLowerCase(Locale.ROOT);
            return f.equals("jpg") ? "jpeg" : f;
        } catch (IOException e) {
            return "";
        }
    }

    /** Checks the format's end marker, which a file cut short lacks. */
    static void checkComplete(byte[] b, String format, String name) throws ImageDecodeException {
        boolean complete = switch (format) {
            case "png" -> endsWithPngIend(b);
            case "jpeg" -> endsWithJpegEoi(b);
            case "gif" -> endsWithGifTrailer(b);
            case "bmp" -> bmpComplete(b);
            default -> true;
        };
        if (!complete) {
            throw new ImageDecodeException(name, "truncated " + format.toUpperCase(Locale.ROOT)
                    + " file (" + b.length + " bytes, end marker missing)");
        }
    }

    private static boolean endsWithPngIend(byte[] b) {
        // IEND is the last chunk; tolerate a little trailing padding some tools append.
        for (int i = b.length - 8; i >= Math.max(8, b.length - 72); i--) {
            if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithJpegEoi(byte[] b) {
        // Some writers pad after the EOI marker; accept it within the last 64 bytes.
        for (int i = b.length - 2; i >= Math.max(0, b.length - 64); i--) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithGifTrailer(byte[] b) {
        for (int i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
            if (b[i] == 0x3B) {
                return true;
            }
            if (b[i] != 0) {
                return false;
            }
        }
        return false;
    }

    private static boolean bmpComplete(byte[] b) {
        if (b.length < 54) {
            return false;
        }
        long declared = le32(b, 2);
        if (declared > 0 && declared > b.length) {
            return false;
        }
        int compression = (int) le32(b, 30);
        if (compression == 0) {
            long offset = le32(b, 10);
            int width = (int) le32(b, 18);
            int height = Math.abs((int) le32(b, 22));
            int bits = (b[28] & 0xff) | (b[29] & 0xff) << 8;
            long stride = ((long) width * bits + 31) / 32 * 4;
            return offset + stride * height <= b.length;
        }
        return true;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
