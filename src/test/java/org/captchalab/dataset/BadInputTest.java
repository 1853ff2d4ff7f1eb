package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input becomes a one-line problem naming the file, and loading goes on. */
class BadInputTest {

    @TempDir
    Path dir;

    private Dataset loadWithOneGoodImage() throws Exception {
        TestImages.write(dir.resolve("good.png"), 20, 10, 1);
        return DatasetLoader.load(dir, DatasetOptions.defaults());
    }

    private static String reasonFor(Dataset ds, String file) {
        return ds.problems().stream().filter(p -> p.file().equals(file)).map(Problem::reason).findFirst()
                .orElseThrow(() -> new AssertionError("no problem reported for " + file + ": " + ds.problems()));
    }

    @Test
    void zeroByteImage() throws Exception {
        Files.write(dir.resolve("empty.png"), new byte[0]);
        Dataset ds = loadWithOneGoodImage();
        assertThat(reasonFor(ds, "empty.png")).isEqualTo("empty file (0 bytes)");
        assertThat(ds.samples()).extracting(CaptchaSample::path).containsExactly("good.png");
    }

    @Test
    void truncatedPngAndJpeg() throws Exception {
        byte[] png = TestImages.bytes(60, 30, 9, "png");
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        byte[] jpg = TestImages.bytes(60, 30, 9, "jpeg");
        Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpg, jpg.length - 40));
        Dataset ds = loadWithOneGoodImage();
        assertThat(reasonFor(ds, "cut.png")).startsWith("truncated PNG file");
        assertThat(reasonFor(ds, "cut.jpg")).startsWith("truncated JPEG file");
        assertThatThrownBy(() -> ImageDecoder.decode(dir.resolve("cut.jpg")))
                .isInstanceOf(ImageDecodeException.class).hasMessageContaining("truncated");
        assertThat(ds.samples()).hasSize(1);
    }

    @Test
    void nonImageWithImageExtension() throws Exception {
        Files.writeString(dir.resolve("notes.jpg"), "this is not a picture\n");
        Dataset ds = loadWithOneGoodImage();
        assertThat(reasonFor(ds, "notes.jpg")).contains("not a PNG, JPEG, BMP or GIF image");
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        Files.write(dir.resolve("huge.png"), pngHeaderOnly(60_000, 60_000));
        Dataset ds = loadWithOneGoodImage();
        assertThat(reasonFor(ds, "huge.png")).isEqualTo("image too large: 60000x60000 pixels (limit "
                + ImageDecoder.MAX_PIXELS + " pixels)");
        // Decoding would need 14 GB; it must be refused without trying.
        assertThatThrownBy(() -> ImageDecoder.decode(dir.resolve("huge.png")))
                .isInstanceOf(ImageDecodeException.class).hasMessageContaining("too large");
    }

    @Test
    void otherFormatsDecodeIncludingGifAndBmp() throws Exception {
        for (String name : List.of("a.gif", "b.bmp", "c.jpeg", "d.png")) {
            TestImages.write(dir.resolve(name), 31, 17, 3);
            assertThat(ImageDecoder.decode(dir.resolve(name)).getWidth()).as(name).isEqualTo(31);
        }
        byte[] bmp = Files.readAllBytes(dir.resolve("b.bmp"));
        Files.write(dir.resolve("cut.bmp"), Arrays.copyOf(bmp, bmp.length - 100));
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(reasonFor(ds, "cut.bmp")).startsWith("truncated BMP file");
        assertThat(ds.samples()).hasSize(4);
    }

    @Test
    void badLabelRows() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        TestImages.write(dir.resolve("two.png"), 20, 10, 2);
        TestImages.write(dir.resolve("three.png"), 20, 10, 3);
        TestImages.write(dir.resolve("four.png"), 20, 10, 4);
        Files.writeString(dir.getParent().resolve("outside.png"), "x");
        Files.writeString(dir.resolve("labels.csv"), String.join("\n",
                "filename,label",
                "one.png,abcd",
                "missing.png,abcd",
                "../outside.png,abcd",
                "one.png,zzzz",
                "two.png,abc",
                "three.png,ab!d",
                "four.png",
                "/etc/passwd,abcd",
                ",abcd",
                ""));
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults().withAlphabet(new Alphabet("abcdz")));
        assertThat(ds.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "labels.csv:3: no such file: missing.png",
                "labels.csv:4: path leaves the dataset folder: ../outside.png",
                "labels.csv:5: duplicate row for one.png (first at line 2; that one is used)",
                "two.png: label 'abc' has 3 characters, expected 4; left unlabelled",
                "three.png: label 'ab!d' has characters outside the alphabet (!); left unlabelled",
                "labels.csv:8: expected 2 fields (filename,label), found 1",
                "labels.csv:9: path leaves the dataset folder: /etc/passwd",
                "labels.csv:10: no file name before the comma",
                "labels.csv: four.png has no row and is left unlabelled");
        // only the two labels that do not fit the length or the alphabet are of that kind
        assertThat(ds.problems()).filteredOn(p -> p.kind() == Problem.Kind.LABEL_MISFIT).extracting(Problem::file)
                .containsExactlyInAnyOrder("two.png", "three.png");
        // the rows of labels.csv it skipped or read otherwise, which alone leave no image out
        assertThat(ds.problems()).filteredOn(p -> p.kind() == Problem.Kind.LABELS_ROW).extracting(Problem::file)
                .containsExactlyInAnyOrder("labels.csv:3", "labels.csv:4", "labels.csv:5", "labels.csv:8", "labels.csv:9",
                        "labels.csv:10");
        assertThat(ds.problems()).filteredOn(p -> p.kind() == Problem.Kind.OTHER).extracting(Problem::file)
                .containsExactly("labels.csv");
        assertThat(ds.sample("one.png").orElseThrow().label()).isEqualTo("abcd");
        assertThat(ds.trainable()).extracting(CaptchaSample::path).containsExactly("one.png");
        assertThat(ds.samples()).hasSize(4);
    }

    @Test
    void aLabelsRowThatIsNotUtf8IsReportedWithItsLineAndTheOthersAreRead() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        TestImages.write(dir.resolve("two.png"), 20, 10, 2);
        TestImages.write(dir.resolve("three.png"), 20, 10, 3);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.write("filename,label\r\none.png,abcd\r\n".getBytes(StandardCharsets.UTF_8));
        // "two.png,abéd" in Latin-1: the é is one byte, 0xE9, which UTF-8 cannot start a character with here
        csv.write("two.png,ab".getBytes(StandardCharsets.US_ASCII));
        csv.write(0xE9);
        csv.write("d\r\nthree.png,bcda\r\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("labels.csv"), csv.toByteArray());
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "labels.csv:3: not valid UTF-8 text; row skipped",
                "labels.csv: two.png has no row and is left unlabelled");
        assertThat(ds.sample("one.png").orElseThrow().label()).isEqualTo("abcd");
        assertThat(ds.sample("three.png").orElseThrow().label()).isEqualTo("bcda");
        assertThat(ds.sample("two.png").orElseThrow().label()).isNull();
    }

    @Test
    void labelsLinesAreSplitAsTextReadersSplitThem() {
        for (String text : List.of("a\r\nb\rc\n\nd", "a\n", "a\r", "", "\n", "x,y\r\n\r\n", "only")) {
            List<String> lines = LabelsCsv.lines(text.getBytes(StandardCharsets.UTF_8)).stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            assertThat(lines).as(text.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(text.lines().toList());
        }
    }

    @Test
    void aLabelsFileThatIsNotTextOrIsAFolderIsRefusedSayingWhy() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        Files.write(dir.resolve("labels.csv"), TestImages.bytes(20, 10, 1, "png"));
        assertThatThrownBy(() -> DatasetLoader.load(dir, DatasetOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessage("cannot read labels file " + dir.resolve("labels.csv")
                        + ": not a UTF-8 text file (it holds NUL bytes: binary data, or UTF-16 text)");
        Files.delete(dir.resolve("labels.csv"));
        Path folder = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-labels"));
        assertThatThrownBy(() -> DatasetLoader.load(dir, DatasetOptions.defaults().withLabelsFile(folder)))
                .isInstanceOf(DatasetException.class).hasMessage("labels file is a folder, not a file: " + folder);
        assertThatThrownBy(() -> DatasetLoader.load(dir, DatasetOptions.defaults().withLabelsFile(folder.resolve("x.csv"))))
                .isInstanceOf(DatasetException.class).hasMessage("labels file not found: " + folder.resolve("x.csv"));
    }

    @Test
    void aMissingOrFolderImageIsNamedOnceWithItsReason() throws Exception {
        assertThatThrownBy(() -> ImageDecoder.decode(dir.resolve("gone.png")))
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason()).isEqualTo("no such file"))
                .hasMessage(dir.resolve("gone.png") + ": no such file");
        Path folder = Files.createDirectories(dir.resolve("folder.png"));
        assertThatThrownBy(() -> ImageDecoder.decode(folder))
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason()).isEqualTo("it is a folder, not an image file"));
    }

    @Test
    @Timeout(30) // before the fix, decoding the pipe waited for a writer for ever
    void aPipeOrABrokenLinkNamedAsAnImageIsReportedNotSkippedOrWaitedOn() throws Exception {
        Path pipe = mkfifo(dir.resolve("pipe.png"));
        Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("moved-away.png"));
        Files.createSymbolicLink(dir.resolve("notes.txt"), dir.resolve("moved-away.txt")); // not an image: ignored
        Dataset ds = loadWithOneGoodImage();
        assertThat(reasonFor(ds, "pipe.png")).isEqualTo("not a regular file (a pipe, device or socket); skipped");
        assertThat(reasonFor(ds, "gone.png")).isEqualTo("broken symbolic link (its target does not exist); skipped");
        assertThat(ds.problems()).extracting(Problem::file).containsExactlyInAnyOrder("pipe.png", "gone.png");
        assertThat(ds.samples()).extracting(CaptchaSample::path).containsExactly("good.png");
        // predict reads the files it is given through the decoder
        assertThatThrownBy(() -> ImageDecoder.decode(pipe))
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason())
                        .isEqualTo("not a regular file (a pipe, device or socket)"));
        assertThatThrownBy(() -> ImageDecoder.decode(dir.resolve("gone.png")))
                .isInstanceOf(ImageDecodeException.class)
                .satisfies(e -> assertThat(((ImageDecodeException) e).reason())
                        .isEqualTo("broken symbolic link (its target does not exist)"));
    }

    private static Path mkfifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return at;
    }

    @Test
    void missingHeaderLineIsReportedAndTheRowStillRead() throws Exception {
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        Files.writeString(dir.resolve("labels.csv"), "one.png,abcd\n");
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.problems()).extracting(Problem::file).containsExactly("labels.csv:1");
        assertThat(ds.sample("one.png").orElseThrow().label()).isEqualTo("abcd");
    }

    @Test
    void fileNameThatIsNotUtf8() throws Exception {
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        // Java cannot create such a name itself; the shell can.
        Process p = new ProcessBuilder("sh", "-c", "cp abcd.png \"$(printf 'ab\\377d.png')\"").directory(dir.toFile())
                .start();
        assertThat(p.waitFor()).isZero();
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.samples()).extracting(CaptchaSample::path).containsExactly("abcd.png");
        assertThat(ds.problems()).singleElement().satisfies(pr ->
                assertThat(pr.reason()).contains("file name is not valid UTF-8"));
    }

    @Test
    void unreadableFolderIsAProblemAndTheScanGoesOn() throws Exception {
        // Tests run as root, which reads any folder whatever its permissions, so the walk's failure path is
        // driven directly rather than through chmod.
        List<Problem> problems = new ArrayList<>();
        ImageFinder finder = new ImageFinder(dir, problems);
        Files.createDirectories(dir.resolve("locked"));
        finder.visitFileFailed(dir.resolve("locked"), new AccessDeniedException(dir.resolve("locked").toString()));
        assertThat(problems).extracting(Problem::toString)
                .containsExactly("locked: cannot read folder (permission denied); its images are skipped");
    }

    @Test
    void symbolicLinksAreFollowedAndLoopsReported() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-elsewhere"));
        TestImages.write(elsewhere.resolve("wxyz.png"), 20, 10, 2);
        Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        Dataset ds = loadWithOneGoodImage();
        assertThat(ds.samples()).extracting(CaptchaSample::path).containsExactly("good.png", "linked/wxyz.png");
        assertThat(reasonFor(ds, "loop")).isEqualTo("symbolic link loop; skipped");
    }

    @Test
    void emptyFolderAndMissingFolder() throws Exception {
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        assertThat(ds.samples()).isEmpty();
        assertThat(ds.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).startsWith("no usable images found");
            assertThat(p.kind()).isEqualTo(Problem.Kind.NO_IMAGES);
        });
        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("nope"), DatasetOptions.defaults()))
                .isInstanceOf(DatasetException.class).hasMessageStartingWith("no such folder");
        Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> DatasetLoader.load(dir.resolve("file.txt"), DatasetOptions.defaults()))
                .isInstanceOf(DatasetException.class).hasMessageStartingWith("not a folder");
    }

    /** A PNG whose header claims the given size, with a tiny (wrong-sized) body: only the header is honest. */
    static byte[] pngHeaderOnly(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] buf = new byte[256];
        int n = deflater.deflate(buf);
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
