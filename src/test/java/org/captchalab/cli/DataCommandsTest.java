package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.TestImages;
import org.captchalab.store.StoreLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, info, relabel and export, run through the real command line with captured console streams. */
class DataCommandsTest {

    @TempDir
    Path tmp;

    private String previousStores;
    private String out;
    private String err;

    @BeforeEach
    void isolateUserStores() {
        previousStores = System.getProperty(StoreLocation.STORES_PROPERTY);
        System.setProperty(StoreLocation.STORES_PROPERTY, tmp.resolve("user-stores").toString());
    }

    @AfterEach
    void restore() {
        if (previousStores == null) {
            System.clearProperty(StoreLocation.STORES_PROPERTY);
        } else {
            System.setProperty(StoreLocation.STORES_PROPERTY, previousStores);
        }
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        return code;
    }

    @Test
    void infoJsonOnSwust() throws Exception {
        Path swust = TestImages.sharedDatasets().resolve("swust_cas_4char");
        TestImages.requireSharedDataset(swust);
        assertThat(run("info", swust.toString(), "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("images").asInt()).isEqualTo(4700);
        assertThat(json.get("sizes")).hasSize(3);
        assertThat(json.get("label_length").asInt()).isEqualTo(4);
        assertThat(json.get("alphabet").asText()).isEqualTo("0123456789abcdefghijklmnopqrstuvwxyz");
        assertThat(json.get("conflicts")).hasSize(5);
        assertThat(json.get("conflicts").get(0)).hasSize(2);
        assertThat(json.get("problems")).isEmpty();
        assertThat(err).isEmpty();
        assertThat(swust.resolve(".captchalab")).doesNotExist();
    }

    @Test
    void infoTextOnSwustAndJsonOnWp() throws Exception {
        Path shared = TestImages.sharedDatasets();
        TestImages.requireSharedDataset(shared.resolve("wp_really_simple_captcha_4char"));
        assertThat(run("info", shared.resolve("swust_cas_4char").toString())).isZero();
        assertThat(out).contains("images: 4700").contains("sizes: 90x30 (1750), 100x35 (1641), 92x34 (1309)")
                .contains("label length: 4").contains("conflicts: 5 group(s)");
        assertThat(out.lines().filter(l -> l.startsWith("  conflict: "))).hasSize(5);
        assertThat(run("info", shared.resolve("wp_really_simple_captcha_4char").toString(), "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out).get("images").asInt()).isEqualTo(9955);
    }

    @Test
    void infoGivesTheLabelsFileAsAnAbsolutePathLikeTheFolder() throws Exception {
        Path dir = tmp.resolve("labelled");
        TestImages.write(dir.resolve("one.png"), 20, 10, 1);
        Files.createDirectories(tmp.resolve("elsewhere"));
        Path csv = Files.writeString(tmp.resolve("elsewhere").resolve("..").resolve("labels-here.csv"),
                "filename,label\none.png,abcd\n");
        // typed relative to the working folder, as on a command line (it came back as typed, beside an absolute folder)
        Path typed = Path.of("").toAbsolutePath().relativize(csv.toAbsolutePath());
        assertThat(typed.isAbsolute()).isFalse();
        assertThat(run("info", dir.toString(), "--labels", typed.toString(), "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("dataset").asText()).isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(json.get("labels_file").asText()).isEqualTo(tmp.resolve("labels-here.csv").toAbsolutePath().toString());
        assertThat(run("info", dir.toString(), "--labels", typed.toString())).isZero();
        assertThat(out).contains("label source: labels file (" + tmp.resolve("labels-here.csv").toAbsolutePath() + ")");
    }

    @Test
    void problemsGoToStderrOneLineEachAndExitIsZeroWhileImagesRemain() throws Exception {
        Path dir = tmp.resolve("mixed");
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        Files.write(dir.resolve("zero.png"), new byte[0]);
        Files.writeString(dir.resolve("text.jpg"), "hello");
        assertThat(run("info", dir.toString())).isZero();
        assertThat(err.lines().toList()).containsExactly("text.jpg: not a PNG, JPEG, BMP or GIF image (unrecognised content)",
                "zero.png: empty file (0 bytes)");
        assertThat(out).contains("images: 1").contains("problems: 2");
    }

    @Test
    void nothingUsableExitsNonZeroWithOneLine() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("info", empty.toString())).isEqualTo(1);
        assertThat(err).contains("no usable images found");
        assertThat(run("info", tmp.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("error: no such folder: " + tmp.resolve("missing"));
    }

    /**
     * Images of which none is labelled are as little to work with as no images (train, eval and export would each
     * refuse): exit 1 with one line saying so, after the report, as for an empty folder. A label given in the work
     * store is one to work with.
     */
    @Test
    void imagesWithoutOneLabelExitNonZeroLikeAnEmptyFolderWithOneLine() throws Exception {
        Path dir = tmp.resolve("unlabelled");
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 1);
        TestImages.write(dir.resolve("bcda.png"), 20, 10, 2);
        Files.writeString(dir.resolve("labels.csv"), "filename,label\n");
        assertThat(run("info", dir.toString())).isEqualTo(1);
        assertThat(out).contains("images: 2").contains("labelled: 0, trainable: 0");
        assertThat(err.lines().toList()).last().isEqualTo(dir.toAbsolutePath() + ": none of its 2 images is labelled"
                + " (labels from labels.csv in the folder), so there is nothing to train or evaluate on");
        assertThat(run("info", dir.toString(), "--json")).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(out).get("labelled").asInt()).as("the report is printed all the same").isZero();

        Path one = tmp.resolve("one-unlabelled");
        TestImages.write(one.resolve("abcd.png"), 20, 10, 1);
        Path names = Files.writeString(tmp.resolve("other.csv"), "filename,label\nelsewhere.png,abcd\n");
        assertThat(run("info", one.toString(), "--labels", names.toString())).isEqualTo(1);
        assertThat(err.lines().toList()).last().isEqualTo(one.toAbsolutePath() + ": its only image is not labelled"
                + " (labels from labels file), so there is nothing to train or evaluate on");

        assertThat(run("relabel", dir.toString(), "abcd.png", "abcd")).isZero();
        assertThat(run("info", dir.toString())).as(err).isZero();
        assertThat(err).doesNotContain("nothing to train");
    }

    @Test
    void generateTwiceWithOneSeedGivesIdenticalFiles() throws Exception {
        assertThat(run("generate", "--out", tmp.resolve("a").toString(), "--count", "15", "--seed", "9")).isZero();
        assertThat(out).startsWith("wrote 15 captchas");
        // a machine whose fonts draw otherwise than the one that made sample-data is told so, in one line
        List<String> unlike = CaptchaGenerator.fontsUnlikeReference();
        assertThat(err.lines().filter(l -> l.startsWith("warning: this machine draws " + String.join(", ", unlike) + " differently")))
                .hasSize(unlike.isEmpty() ? 0 : 1);
        assertThat(err.isBlank()).isEqualTo(unlike.isEmpty());
        assertThat(run("generate", "--out", tmp.resolve("b").toString(), "--count", "15", "--seed", "9")).isZero();
        List<Path> a = list(tmp.resolve("a"));
        List<Path> b = list(tmp.resolve("b"));
        assertThat(a).hasSize(15);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).getFileName()).isEqualTo(a.get(i).getFileName());
            assertThat(Files.readAllBytes(b.get(i))).isEqualTo(Files.readAllBytes(a.get(i)));
        }
    }

    @Test
    void generateKeepsAFileOfTheSameNameAndSaysSoInOneLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("kept"));
        Path mine = dir.resolve(new CaptchaGenerator(9).generate(4).fileName());
        Files.writeString(mine, "not a png");
        assertThat(run("generate", "--out", dir.toString(), "--count", "15", "--seed", "9")).isZero();
        assertThat(out).startsWith("wrote 14 captchas to " + dir + " (seed 9)");
        assertThat(err.lines().filter(l -> l.startsWith("note: "))).containsExactly("note: 1 of the 15 captchas was not"
                + " written: something else of the same name was already in " + dir + " and is kept as it was ("
                + mine.getFileName() + "); delete it, or give another --out, to draw that captcha again");
        assertThat(Files.readString(mine)).isEqualTo("not a png");
        assertThat(run("generate", "--out", dir.toString(), "--count", "15", "--seed", "9")).isZero();
        assertThat(out).startsWith("wrote 0 captchas to " + dir).contains("; 14 more were already there, identical");
    }

    @Test
    void generateRefusesACountBelowOneEchoingIt() throws Exception {
        assertThat(run("generate", "--out", tmp.resolve("none").toString(), "--count", "0")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --count must be positive (got 0)");
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    @Test
    void generateIntoAFileSaysItIsAFileAndLeavesItAlone() throws Exception {
        Path file = Files.writeString(tmp.resolve("existing.csv"), "filename,label\n");
        assertThat(run("generate", "--out", file.toString(), "--count", "3")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + file + ": it is a file, not a folder");
        assertThat(out).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("filename,label\n");
        Path below = file.resolve("set");
        assertThat(run("generate", "--out", below.toString(), "--count", "3")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + below + ": " + file + " is a file, not a folder");
    }

    @Test
    void labelsGivenAsAFolderIsNamedAsOne() throws Exception {
        Path dir = sixImages("set");
        Path folder = Files.createDirectories(tmp.resolve("labels-folder"));
        assertThat(run("info", dir.toString(), "--labels", folder.toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("error: labels file is a folder, not a file: " + folder);
        assertThat(out).isEmpty();
    }

    @Test
    void relabelThenExport() throws Exception {
        Path dir = tmp.resolve("set");
        assertThat(run("generate", "--out", dir.toString(), "--count", "6", "--seed", "3")).isZero();
        String file = list(dir).get(0).getFileName().toString();
        assertThat(run("relabel", dir.toString(), file, "QQQQ", "--fold-case")).isZero();
        assertThat(out).contains(file + ": " + file.substring(0, 4) + " -> qqqq (saved)");
        assertThat(run("relabel", dir.toString(), file, "abc")).isEqualTo(1);
        // each refusal begins "error: " like every other command's (it began with the file name)
        assertThat(err.strip()).isEqualTo("error: " + file + ": label 'abc' has 3 characters, expected 4");
        assertThat(run("relabel", dir.toString(), "nope.png", "abcd")).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("error: nope.png: not an image of this dataset");
        // a character no label uses: the inferred alphabet refuses it, and the line says what would allow it
        String withADigit = file.substring(0, 3) + "1";
        assertThat(run("relabel", dir.toString(), file, withADigit)).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("error: " + file + ": label '" + withADigit + "' has characters outside the alphabet: '1'"
                + " (inferred from the labels; --alphabet gives the characters a label may use)");
        assertThat(run("relabel", dir.toString(), file, withADigit, "--alphabet", "abcdefghijklmnopqrstuvwxyz1")).isZero();
        assertThat(run("relabel", dir.toString(), file, "qqqq")).isZero();
        assertThat(run("info", dir.toString(), "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out).get("edited").asInt()).isEqualTo(1);

        Path csv = tmp.resolve("out/labels.csv");
        Path copies = tmp.resolve("copies");
        assertThat(run("export", dir.toString(), "--out", csv.toString(), "--copy-images", copies.toString())).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(7).first().isEqualTo("filename,label");
        assertThat(lines).contains(file + ",qqqq");
        List<Path> copied = list(copies);
        assertThat(copied).hasSize(6);
        assertThat(copied).anyMatch(p -> p.getFileName().toString().matches("qqqq_[0-9a-f]{16}\\.png"));
        assertThat(Files.readAllBytes(dir.resolve(file))).isEqualTo(
                Files.readAllBytes(copied.stream().filter(p -> p.getFileName().toString().startsWith("qqqq_"))
                        .findFirst().orElseThrow()));
        // the copies' folder is checked before the CSV is written: a second export into it changes nothing
        byte[] csvBefore = Files.readAllBytes(csv);
        Files.writeString(csv, "filename,label\nkept.png,keep\n");
        byte[] kept = Files.readAllBytes(csv);
        assertThat(run("export", dir.toString(), "--out", csv.toString(), "--copy-images", copies.toString()))
                .isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --copy-images " + copies
                + ": the folder for the copies must be new or empty, and this one holds files");
        assertThat(out).isEmpty();
        assertThat(Files.readAllBytes(csv)).isEqualTo(kept).isNotEqualTo(csvBefore);
        assertThat(list(copies)).isEqualTo(copied);
    }

    /** A generated dataset of six images and the bytes of every file in it, to check nothing changed. */
    private Path sixImages(String name) throws Exception {
        Path dir = tmp.resolve(name);
        assertThat(run("generate", "--out", dir.toString(), "--count", "6", "--seed", "4")).isZero();
        return dir;
    }

    private static java.util.Map<String, List<Byte>> contents(Path dir) throws Exception {
        java.util.Map<String, List<Byte>> files = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                List<Byte> bytes = new java.util.ArrayList<>(b.length);
                for (byte x : b) {
                    bytes.add(x);
                }
                files.put(dir.relativize(p).toString(), bytes);
            }
        }
        return files;
    }

    @Test
    void exportRefusesToWriteOverAnImageOrIntoAFolderAndChangesNothing() throws Exception {
        Path dir = sixImages("set");
        Path image = list(dir).get(0);
        var before = contents(dir);

        assertThat(run("export", dir.toString(), "--out", image.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + image
                + ": it is one of the dataset's images, which are never overwritten; name a file ending in .csv");
        assertThat(out).isEmpty();
        assertThat(contents(dir)).isEqualTo(before);

        // any image name, in any case, even where no image is yet
        Path named = tmp.resolve("elsewhere").resolve("labels.JPeG");
        assertThat(run("export", dir.toString(), "--out", named.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + named
                + ": the name ends in .jpeg, an image's extension; name a file ending in .csv");
        assertThat(tmp.resolve("elsewhere")).doesNotExist();

        Path folder = Files.createDirectories(tmp.resolve("a-folder"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        assertThat(run("export", dir.toString(), "--out", folder.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + folder + ": it is a folder; name a file for the CSV");
        assertThat(contents(folder)).isEqualTo(java.util.Map.of("notes.txt", List.of((byte) 'm', (byte) 'i', (byte) 'n', (byte) 'e')));

        Path store = dir.resolve(".captchalab").resolve("work.db");
        assertThat(run("export", dir.toString(), "--out", store.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + store
                + ": it is inside the dataset's work folder .captchalab, which holds the work store");

        Path underAFile = folder.resolve("notes.txt").resolve("labels.csv");
        assertThat(run("export", dir.toString(), "--out", underAFile.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + underAFile + ": " + folder.resolve("notes.txt")
                + " is a file, not a folder");
        assertThat(contents(dir)).isEqualTo(before);

        // a CSV is replaced: exporting again is normal
        Path csv = tmp.resolve("labels.csv");
        Files.writeString(csv, "old\n");
        assertThat(run("export", dir.toString(), "--out", csv.toString())).isZero();
        assertThat(out.strip()).isEqualTo("wrote 6 labels to " + csv);
        assertThat(Files.readAllLines(csv)).hasSize(7).first().isEqualTo("filename,label");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void exportRefusesTheLabelsFileTheDatasetIsReadFromHoweverItIsNamed() throws Exception {
        Path dir = sixImages("set");
        Path first = tmp.resolve("first.csv");
        assertThat(run("export", dir.toString(), "--out", first.toString())).isZero();
        // the folder's own labels.csv, one label changed so that a rewrite would show
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(first));
        rows.set(1, rows.get(1).substring(0, rows.get(1).indexOf(',') + 1) + "zzzz");
        Path labels = dir.resolve("labels.csv");
        Files.write(labels, rows);
        var before = contents(dir);

        Path links = Files.createDirectories(tmp.resolve("links"));
        Path fileLink = Files.createSymbolicLink(links.resolve("link.csv"), labels);
        Path folderLink = Files.createSymbolicLink(links.resolve("set-link"), dir);
        Path hardLink = Files.createLink(links.resolve("hard.csv"), labels);
        List<Path> spellings = List.of(labels, dir.resolve(".").resolve("labels.csv"),
                dir.resolve("..").resolve("set").resolve("labels.csv"),
                Path.of("").toAbsolutePath().relativize(labels), fileLink, folderLink.resolve("labels.csv"), hardLink);
        for (Path spelling : spellings) {
            assertThat(run("export", dir.toString(), "--out", spelling.toString())).as(spelling.toString()).isEqualTo(2);
            assertThat(err.strip()).isEqualTo("error: --out " + spelling
                    + ": it is the labels file the dataset is read from, which this would replace; name another file");
            assertThat(out).isEmpty();
        }
        // the dataset read through the link to its folder: the same labels file
        assertThat(run("export", folderLink.toString(), "--out", labels.toString())).isEqualTo(2);
        assertThat(err).contains("it is the labels file the dataset is read from");
        assertThat(contents(dir)).isEqualTo(before);
        assertThat(Files.isSymbolicLink(fileLink)).isTrue();
        assertThat(Files.readAllLines(hardLink)).isEqualTo(rows);

        // a folder whose permission bits say read-only (the work store goes elsewhere) is no different
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThat(run("export", dir.toString(), "--out", labels.toString())).isEqualTo(2);
            assertThat(err.strip()).startsWith("error: --out " + labels + ": ");
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(contents(dir)).isEqualTo(before);

        // --labels FILE is the file read, wherever it is
        Path given = Files.write(tmp.resolve("given.csv"), rows);
        Path givenLink = Files.createSymbolicLink(links.resolve("given-link.csv"), given);
        assertThat(run("export", dir.toString(), "--labels", given.toString(), "--out", givenLink.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + givenLink
                + ": it is the labels file the dataset is read from, which this would replace; name another file");
        assertThat(Files.readAllLines(given)).isEqualTo(rows);

        // a folder labelled by its file names reads no labels.csv: the export may make one
        Path named = sixImages("named");
        Path made = named.resolve("labels.csv");
        assertThat(run("export", named.toString(), "--out", made.toString())).isZero();
        assertThat(Files.readAllLines(made)).isEqualTo(Files.readAllLines(first));
    }

    @Test
    void exportRefusesAReadOnlyCsvAndLeavesItAsItWas() throws Exception {
        Path dir = sixImages("set");
        // bits that grant no writing: read-only even for root, which could write it anyway
        Path readOnly = Files.writeString(tmp.resolve("ro.csv"), "someone's\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        try {
            assertThat(run("export", dir.toString(), "--out", readOnly.toString())).isEqualTo(2);
            assertThat(err.strip()).isEqualTo("error: --out " + readOnly + ": the file is read-only; name another file");
            assertThat(out).isEmpty();
            assertThat(Files.readString(readOnly)).isEqualTo("someone's\n");
            assertThat(mode(readOnly)).isEqualTo("r--r--r--");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        // writable again: replaced as any CSV is
        assertThat(run("export", dir.toString(), "--out", readOnly.toString())).isZero();
        assertThat(Files.readAllLines(readOnly)).hasSize(7);
    }

    @Test
    void exportedCsvHasTheFoldersUsualPermissionsAndAReplacedOneKeepsItsOwn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path dir = sixImages("set");
        Path outDir = Files.createDirectories(tmp.resolve("exports"));
        Path plain = Files.createFile(outDir.resolve("plain"));
        String usual = mode(plain);
        Files.delete(plain);

        Path fresh = outDir.resolve("labels.csv");
        assertThat(run("export", dir.toString(), "--out", fresh.toString())).isZero();
        assertThat(mode(fresh)).isEqualTo(usual);

        for (String kept : List.of("rw-r--r--", "rw-r-----", "rw-rw-r--")) {
            Path old = Files.writeString(outDir.resolve("old-" + kept + ".csv"), "filename,label\n");
            Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString(kept));
            assertThat(run("export", dir.toString(), "--out", old.toString())).isZero();
            assertThat(Files.readAllLines(old)).hasSize(7);
            assertThat(mode(old)).isEqualTo(kept);
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static String mode(Path file) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void exportChecksTheCopiesFolderBeforeWritingTheCsv() throws Exception {
        Path dir = sixImages("set");
        Path csv = tmp.resolve("labels.csv");
        Files.writeString(csv, "filename,label\nmine.png,mine\n");
        byte[] kept = Files.readAllBytes(csv);

        Path file = Files.writeString(tmp.resolve("copies-file"), "x");
        assertThat(run("export", dir.toString(), "--out", csv.toString(), "--copy-images", file.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --copy-images " + file + ": it is a file, not a folder");

        Path inside = dir.resolve("copies");
        assertThat(run("export", dir.toString(), "--out", csv.toString(), "--copy-images", inside.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --copy-images " + inside
                + ": it is inside the dataset; choose a folder outside it for the copies");
        assertThat(inside).doesNotExist();

        Path fresh = tmp.resolve("copies");
        Path csvInCopies = fresh.resolve("labels.csv");
        assertThat(run("export", dir.toString(), "--out", csvInCopies.toString(), "--copy-images", fresh.toString()))
                .isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: --out " + csvInCopies
                + ": it is inside the --copy-images folder, which is for the copies alone");
        assertThat(fresh).doesNotExist();
        assertThat(Files.readAllBytes(csv)).isEqualTo(kept);

        assertThat(run("export", dir.toString(), "--out", csv.toString(), "--copy-images", fresh.toString())).isZero();
        assertThat(out).contains("wrote 6 labels to " + csv).contains("copied 6 images to " + fresh);
    }

    @Test
    void exportOfAFolderWithoutImagesOrLabelsLeavesAnExistingCsvAlone() throws Exception {
        Path csv = tmp.resolve("labels.csv");
        Files.writeString(csv, "filename,label\nmine.png,mine\n");
        byte[] kept = Files.readAllBytes(csv);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("export", empty.toString(), "--out", csv.toString())).isEqualTo(1);
        assertThat(err.strip()).startsWith("error: " + empty + ": no usable images found");
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(Files.readAllBytes(csv)).isEqualTo(kept);

        Path unlabelled = tmp.resolve("unlabelled");
        TestImages.write(unlabelled.resolve("abcd.png"), 20, 10, 1);
        Files.writeString(unlabelled.resolve("labels.csv"), "filename,label\n");
        assertThat(run("export", unlabelled.toString(), "--out", csv.toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("error: " + unlabelled + ": none of its 1 image(s) has a label, so there is nothing to export");
        assertThat(Files.readAllBytes(csv)).isEqualTo(kept);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }
}
