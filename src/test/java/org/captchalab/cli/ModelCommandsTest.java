package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.captchalab.DamagedImages;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.Split;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.RunInfo;
import org.captchalab.store.StoreLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, eval, predict and describe through the real command line, on a tiny generated dataset. */
class ModelCommandsTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** Two positions from "xyz", each a coloured band; file names carry the labels. */
    static void writeDataset(Path folder, int count, String alphabet, long seed) throws Exception {
        writeDataset(folder, count, alphabet, 2, 32, 16, seed);
    }

    /** {@code length} positions from {@code alphabet}, each a coloured band of a width x height image. */
    static void writeDataset(Path folder, int count, String alphabet, int length, int width, int height, long seed)
            throws Exception {
        Files.createDirectories(folder);
        Random r = new Random(seed);
        Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE};
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            StringBuilder label = new StringBuilder();
            for (int p = 0; p < length; p++) {
                int c = r.nextInt(alphabet.length());
                label.append(alphabet.charAt(c));
                for (int y = 0; y < height; y++) {
                    for (int x = p * width / length; x < (p + 1) * width / length; x++) {
                        img.setRGB(x, y, colors[c].getRGB());
                    }
                }
            }
            ImageIO.write(img, "png", folder.resolve(label + "_" + i + ".png").toFile());
        }
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        data = dir.resolve("data");
        writeDataset(data, 80, "xyz", 3);
        model = dir.resolve("models").resolve("tiny");
        Run r = cli("train", data.toString(), "--preset", "strong", "--epochs", "3", "--batch", "16", "--lr", "0.003",
                "--out", model.toString());
        assertThat(r.status()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("epoch   1").contains("epoch   3").contains("test:").contains("saved ");
        assertThat(model.resolve("checkpoint")).doesNotExist();
    }

    @Test
    void evalPrintsJsonWithTheAgreedKeys() throws Exception {
        Run r = cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("split").asText()).isEqualTo("all");
        assertThat(j.get("count").asInt()).isEqualTo(80);
        assertThat(j.get("full_sequence_accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(j.get("per_position_accuracy")).hasSize(2);
        assertThat(j.get("model").asText()).isEqualTo(model.toString());
        assertThat(j.get("models")).hasSize(1);
        assertThat(j.get("models").get(0).asText()).isEqualTo(model.toString());
        Run text = cli("eval", data.toString(), "--model", model.toString());
        assertThat(text.out()).contains("full-sequence accuracy").contains("position 1 confusions");
        // the split is named as the JSON names it, not as typed (it printed "ALL split of")
        Run typed = cli("eval", data.toString(), "--model", model.toString(), "--split", "ALL");
        assertThat(typed.out()).startsWith("all split of " + data + ": 80 images");
    }

    /**
     * Images whose headers are whole but whose pixel data is damaged pass the dataset scan (it reads headers) and fail
     * only when decoded: eval, calibrate and train leave each out with a note naming the first, and go on.
     */
    @Test
    void imagesWhosePixelDataIsDamagedAreLeftOutWithANoteAndTheWorkGoesOn() throws Exception {
        Path some = dir.resolve("damaged-pixels");
        writeDataset(some, 40, "xyz", 11);
        // one training image and one validation image, which train leaves out before its first epoch, and which
        // saving the run (its temperature is fitted on validation) must not read again
        SplitData split = SplitData.load(some, new DatasetArgs());
        Path inTrain = some.resolve(split.samples(Split.TRAIN).get(0).path());
        Path inVal = some.resolve(split.samples(Split.VAL).get(0).path());
        DamagedImages.damagePixelData(inTrain);
        DamagedImages.damagePixelData(inVal);
        assertThat(cli("info", some.toString()).out()).as("the scan reads headers only").contains("problems: 0");

        Run eval = cli("eval", some.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(new ObjectMapper().readTree(eval.out()).get("count").asInt()).isEqualTo(38);
        assertThat(eval.err().lines().toList()).as(eval.err()).singleElement().asString()
                .startsWith("note: 2 images could not be decoded and were left out: ")
                .containsAnyOf(inTrain + ": damaged image data (Error reading PNG image data)",
                        inVal + ": damaged image data (Error reading PNG image data)")
                .endsWith(" (and 1 more; all are named in the log)");

        Path copy = dir.resolve("damaged-pixels-model");
        copyFolder(model, copy);
        Run calibrate = cli("calibrate", some.toString(), "--model", copy.toString(), "--other-data");
        assertThat(calibrate.status()).as(calibrate.err()).isZero();

        Path out = dir.resolve("models").resolve("damaged-pixels-run");
        Run train = cli("train", some.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--out", out.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.err().lines().filter(l -> l.startsWith("note: ")).toList()).as(train.err()).singleElement()
                .asString().startsWith("note: 2 images could not be decoded and were left out: " + inTrain + ": ");
        assertThat(ModelFolder.readInfo(out).finalMetrics()).containsEntry("epochs", 1);
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    /** A read-only dataset folder keeps its split in a work store elsewhere: eval says where, as train does. */
    @Test
    void evalOfAReadOnlyFolderSaysWhereItsWorkIsKept() throws Exception {
        Path readOnly = dir.resolve("read-only-data");
        writeDataset(readOnly, 12, "xyz", 12);
        Path stores = dir.resolve("user-stores");
        String before = System.getProperty(StoreLocation.STORES_PROPERTY);
        System.setProperty(StoreLocation.STORES_PROPERTY, stores.toString());
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Run r = cli("eval", readOnly.toString(), "--model", model.toString(), "--split", "all", "--json");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString().startsWith("note: The dataset"
                    + " folder is read-only; your labels and other work are saved in " + stores + "/");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (before == null) {
                System.clearProperty(StoreLocation.STORES_PROPERTY);
            } else {
                System.setProperty(StoreLocation.STORES_PROPERTY, before);
            }
        }
    }

    @Test
    void evalSaysWhichImagesItLeftOut() throws Exception {
        Path some = dir.resolve("with-a-broken-image");
        writeDataset(some, 12, "xyz", 8);
        Files.writeString(some.resolve("xy_99.png"), "not a png");
        Run r = cli("eval", some.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("count").asInt()).isEqualTo(12);
        assertThat(r.err().lines().filter(l -> l.startsWith("note: ")).toList()).as(r.err()).singleElement().asString()
                .startsWith("note: 1 problem reading " + some + " left images out: xy_99.png: ");

        // a labels.csv row read twice leaves no image out: no note
        Path csv = dir.resolve("with-a-duplicate-row");
        writeDataset(csv, 12, "xyz", 9);
        StringBuilder rows = new StringBuilder("filename,label\n");
        try (var files = Files.list(csv)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                rows.append(name).append(',').append(name, 0, name.indexOf('_')).append('\n');
            }
        }
        String first = rows.toString().split("\n")[1];
        Files.writeString(csv.resolve("labels.csv"), rows + first + "\n");
        Run dup = cli("eval", csv.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(dup.status()).as(dup.err()).isZero();
        assertThat(new ObjectMapper().readTree(dup.out()).get("count").asInt()).isEqualTo(12);
        assertThat(dup.err()).doesNotContain("note:");
        Run info = cli("info", csv.toString());
        assertThat(info.err()).as("the duplicate is a problem all the same").contains("duplicate row for");
    }

    @Test
    void evalAndPredictWithTtaAverageShiftedViewsAndSayHowMany() throws Exception {
        Run plain = cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json");
        Run r = cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json", "--tta");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("test_time_views").asInt()).isEqualTo(9);
        assertThat(new ObjectMapper().readTree(plain.out()).get("test_time_views").asInt()).isEqualTo(1);
        assertThat(j.get("count").asInt()).isEqualTo(80);
        assertThat(j.get("full_sequence_accuracy").asDouble()).isBetween(0.0, 1.0);
        // the views move the probabilities, so the loss on the same images changes
        assertThat(j.get("loss").asDouble()).isNotEqualTo(new ObjectMapper().readTree(plain.out()).get("loss").asDouble());
        Run text = cli("eval", data.toString(), "--model", model.toString(), "--tta", "--tta-reach", "1");
        assertThat(text.out()).contains("each read in 5 views (shifted by up to 1 px)");

        Run bad = cli("eval", data.toString(), "--model", model.toString(), "--tta", "--tta-reach", "9");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("error: --tta-reach must be between 1 and 8 pixels (got 9)");
        assertThat(cli("eval", data.toString(), "--model", model.toString(), "--tta", "--tta-reach", "0").err().strip())
                .isEqualTo("error: --tta-reach must be between 1 and 8 pixels (got 0)");

        Path file;
        try (var s = Files.list(data)) {
            file = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        Run p = cli("predict", "--model", model.toString(), "--tta", file.toString(), "--json");
        assertThat(p.status()).as(p.err()).isZero();
        assertThat(new ObjectMapper().readTree(p.out()).get(0).get("text").asText())
                .isEqualTo(file.getFileName().toString().substring(0, 2));
    }

    @Test
    void evalListsTheMisreadImagesMostConfidentFirstAndWritesThemAsCsv() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode before = m.readTree(cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json").out());
        Set<String> misreadBefore = new HashSet<>();
        before.get("misread").forEach(w -> misreadBefore.add(w.get("file").asText()));
        assertThat(before.get("misread")).hasSize((int) Math.round(80 * (1 - before.get("full_sequence_accuracy").asDouble())));

        // every image of one label the model always reads right gets a wrong second character in a labels CSV (all
        // of them, since the tiny dataset's images of one label are identical and would otherwise conflict)
        List<String> files;
        try (var s = Files.list(data)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList();
        }
        String readRight = files.stream().map(f -> f.substring(0, 2)).distinct()
                .filter(l -> misreadBefore.stream().noneMatch(f -> f.startsWith(l + "_"))).findFirst().orElseThrow();
        List<String> planted = files.stream().filter(f -> f.startsWith(readRight + "_")).toList();
        StringBuilder csv = new StringBuilder("filename,label\n");
        for (String f : files) {
            String label = f.substring(0, 2);
            if (planted.contains(f)) {
                label = label.charAt(0) + (label.charAt(1) == 'x' ? "y" : "x");
            }
            csv.append(f).append(',').append(label).append('\n');
        }
        Path labels = dir.resolve("planted.csv");
        Files.writeString(labels, csv);
        Path out = dir.resolve("misread.csv");
        Run r = cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--labels", labels.toString(),
                "--misread", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("file,label,predicted,wrong_positions,confidence,conflict");
        assertThat(rows).as(r.err()).hasSize(1 + misreadBefore.size() + planted.size());
        assertThat(r.out()).contains("wrote " + (misreadBefore.size() + planted.size()) + " misread image(s) to " + out);
        double last = 1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertThat(f[1]).isNotEqualTo(f[2]);
            double confidence = Double.parseDouble(f[4]);
            assertThat(confidence).isLessThanOrEqualTo(last);
            last = confidence;
            if (planted.contains(f[0])) {
                assertThat(f[2]).as(row).isEqualTo(f[0].substring(0, 2));
                assertThat(f[3]).as(row).isEqualTo("2");
            }
        }
        assertThat(rows.stream().map(x -> x.split(",")[0])).containsAll(planted);

        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (planted.contains(f[0])) {
                assertThat(f[1]).as(row).isNotEqualTo(f[0].substring(0, 2)).startsWith(f[0].substring(0, 1));
            }
        }

        // with --json the output stays one JSON document, the file is still written, and its folder is made
        Path nested = dir.resolve("new-folder").resolve("m.csv");
        Run both = cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--labels", labels.toString(),
                "--misread", nested.toString(), "--json");
        assertThat(both.status()).as(both.err()).isZero();
        assertThat(both.out().strip()).startsWith("{").endsWith("}");
        assertThat(m.readTree(both.out()).get("misread")).hasSize(rows.size() - 1);
        assertThat(Files.readAllLines(nested)).isEqualTo(rows);
        try (var s = Files.list(dir.resolve("new-folder"))) {
            assertThat(s.map(f -> f.getFileName().toString())).as("no temporary file left").containsExactly("m.csv");
        }

        Run folder = cli("eval", data.toString(), "--model", model.toString(), "--misread", dir.toString());
        assertThat(folder.status()).isEqualTo(2);
        assertThat(folder.err().strip()).isEqualTo("error: --misread " + dir + ": it is a folder; name a file for the CSV");
        assertThat(folder.out()).isEmpty();
    }

    /**
     * A byte-identical pair with conflicting labels stays out of eval's figures, but the one of the pair the model
     * misreads is listed by --misread and the JSON, marked as a conflict: one of its labels is wrong, which is what a
     * user reading that list looks for. It was left out of the list too.
     */
    @Test
    void evalListsTheConflictingDuplicatesItMisreadsMarkedAndLeavesThemOutOfItsFigures() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode all = m.readTree(cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json").out());
        Set<String> misread = new HashSet<>();
        all.get("misread").forEach(w -> misread.add(w.get("file").asText()));
        List<String> files;
        try (var s = Files.list(data)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList();
        }
        // a label the model reads right; the tiny dataset's images of one label are identical, so all but one go
        String right = files.stream().map(f -> f.substring(0, 2)).distinct()
                .filter(l -> misread.stream().noneMatch(f -> f.startsWith(l + "_"))).findFirst().orElseThrow();
        String kept = files.stream().filter(f -> f.startsWith(right + "_")).findFirst().orElseThrow();
        // without any image of that label, and with one of them and a copy of its bytes labelled otherwise
        Path without = Files.createDirectories(dir.resolve("conflict-reference"));
        Path with = Files.createDirectories(dir.resolve("conflict-pair"));
        for (String f : files) {
            if (!f.startsWith(right + "_")) {
                Files.copy(data.resolve(f), without.resolve(f));
                Files.copy(data.resolve(f), with.resolve(f));
            }
        }
        Files.copy(data.resolve(kept), with.resolve(kept));
        String wrong = (right.charAt(0) == 'x' ? "y" : "x") + right.charAt(1);
        String twin = wrong + "_twin.png";
        Files.copy(data.resolve(kept), with.resolve(twin));
        assertThat(cli("info", with.toString()).out()).contains("conflicts: 1 group(s)");

        JsonNode reference = m.readTree(cli("eval", without.toString(), "--model", model.toString(), "--split", "all",
                "--json").out());
        Run r = cli("eval", with.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = m.readTree(r.out());
        // the figures are those of the images without the pair
        for (String key : List.of("count", "full_sequence_accuracy", "per_position_accuracy", "confusions")) {
            assertThat(j.get(key)).as(key).isEqualTo(reference.get(key));
        }
        assertThat(j.get("loss").asDouble()).isCloseTo(reference.get("loss").asDouble(), within(1e-5));
        // the list is the reference's, each marked as no conflict, and the twin read as its bytes' label, marked
        assertThat(j.get("misread")).hasSize(reference.get("misread").size() + 1);
        JsonNode listedTwin = null;
        for (JsonNode w : j.get("misread")) {
            assertThat(w.get("conflict").isBoolean()).as(w.toString()).isTrue();
            if (w.get("file").asText().equals(twin)) {
                listedTwin = w;
            } else {
                assertThat(w.get("conflict").asBoolean()).as(w.toString()).isFalse();
            }
        }
        assertThat(listedTwin).as(j.get("misread").toString()).isNotNull();
        assertThat(listedTwin.get("conflict").asBoolean()).isTrue();
        assertThat(listedTwin.get("label").asText()).isEqualTo(wrong);
        assertThat(listedTwin.get("predicted").asText()).isEqualTo(right);

        Path out = dir.resolve("conflict-misread.csv");
        Run text = cli("eval", with.toString(), "--model", model.toString(), "--split", "all", "--misread", out.toString());
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("all split of " + with + ": " + reference.get("count").asInt() + " images")
                .contains("wrote " + (reference.get("misread").size() + 1) + " misread image(s) to " + out
                        + ", the most confident first; 1 of them is a conflicting duplicate (of 2 read: a byte-identical"
                        + " image carries another label), which the figures above leave out");
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("file,label,predicted,wrong_positions,confidence,conflict");
        assertThat(rows.subList(1, rows.size())).hasSize(reference.get("misread").size() + 1)
                .allSatisfy(row -> assertThat(row).endsWith(row.startsWith(twin + ",") ? ",true" : ",false"))
                .anySatisfy(row -> assertThat(row).startsWith(twin + "," + wrong + "," + right + ",1,"));
        // without conflicting images the line is as it was
        Run plain = cli("eval", without.toString(), "--model", model.toString(), "--split", "all", "--misread",
                dir.resolve("plain-misread.csv").toString());
        assertThat(plain.out().strip()).endsWith("misread image(s) to " + dir.resolve("plain-misread.csv")
                + ", the most confident first");
    }

    @Test
    void evalRefusesAMisreadFileThatWouldReplaceAnImageOrTheLabelsAndChangesNothing() throws Exception {
        Path set = dir.resolve("misread-targets");
        writeDataset(set, 12, "xyz", 8);
        Path image;
        try (var s = Files.list(set)) {
            image = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        byte[] pixels = Files.readAllBytes(image);
        Run r = cli("eval", set.toString(), "--model", model.toString(), "--split", "all", "--misread", image.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --misread " + image
                + ": it is one of the dataset's images, which are never overwritten; name a file ending in .csv");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllBytes(image)).isEqualTo(pixels);

        Path gif = dir.resolve("wrong.GIF");
        Run named = cli("eval", set.toString(), "--model", model.toString(), "--misread", gif.toString());
        assertThat(named.status()).isEqualTo(2);
        assertThat(named.err().strip()).isEqualTo("error: --misread " + gif
                + ": the name ends in .gif, an image's extension; name a file ending in .csv");
        assertThat(gif).doesNotExist();

        // the labels the evaluation reads, in the folder or named by --labels
        StringBuilder csv = new StringBuilder("filename,label\n");
        try (var s = Files.list(set)) {
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted()
                    .forEach(f -> csv.append(f).append(',').append(f, 0, 2).append('\n'));
        }
        Path labels = Files.writeString(set.resolve("labels.csv"), csv);
        Run own = cli("eval", set.toString(), "--model", model.toString(), "--misread", labels.toString());
        assertThat(own.status()).isEqualTo(2);
        assertThat(own.err().strip()).isEqualTo("error: --misread " + labels
                + ": it is the dataset's labels file, which the list of misread images would replace; name another file");
        Path given = Files.writeString(dir.resolve("given-labels.csv"), csv);
        Run named2 = cli("eval", set.toString(), "--model", model.toString(), "--labels", given.toString(),
                "--misread", given.toString());
        assertThat(named2.status()).isEqualTo(2);
        assertThat(named2.err().strip()).startsWith("error: --misread " + given + ": it is the dataset's labels file");
        assertThat(Files.readString(labels)).isEqualTo(csv.toString());
        assertThat(Files.readString(given)).isEqualTo(csv.toString());
    }

    /**
     * {@code eval --model m --misread m/run.json} wrote its CSV over the run.json of the model it had just read (and
     * {@code export --out m/metrics.csv} over its metrics): the run could no longer be opened.
     */
    @Test
    void aSavedRunsOwnFilesAreNeverReplacedByEvalsMisreadOrExportsOut() throws Exception {
        Path run = Files.createDirectories(dir.resolve("victim"));
        for (String f : new String[] {"network.sdz", "run.json", "metrics.csv"}) {
            Files.copy(model.resolve(f), run.resolve(f));
        }
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String f : new String[] {"network.sdz", "run.json", "metrics.csv"}) {
            before.put(f, Files.readAllBytes(run.resolve(f)));
        }
        Path link = Files.createSymbolicLink(dir.resolve("looks-harmless.csv"), run.resolve("run.json"));
        for (Path target : List.of(run.resolve("run.json"), run.resolve("metrics.csv"), run.resolve("network.sdz"),
                run.resolve("dl4j-stats.bin"), link)) {
            Run r = cli("eval", data.toString(), "--model", run.toString(), "--split", "all", "--misread", target.toString());
            assertThat(r.status()).as(target + ": " + r.err()).isEqualTo(2);
            assertThat(r.out()).as("refused before the evaluation").isEmpty();
            assertThat(r.err().strip()).isEqualTo("error: --misread " + target + ": it is one of the files of the saved"
                    + " run in " + run.toRealPath() + ", which this would replace; name another file");
            Run e = cli("export", data.toString(), "--out", target.toString());
            assertThat(e.status()).as(target + ": " + e.err()).isEqualTo(2);
            assertThat(e.err().strip()).startsWith("error: --out " + target + ": it is one of the files of the saved run");
        }
        for (var f : before.entrySet()) {
            assertThat(Files.readAllBytes(run.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        assertThat(run.resolve("dl4j-stats.bin")).doesNotExist();
        assertThat(cli("predict", "--model", run.toString(), firstImage(data).toString()).status()).isZero();

        // a run's checkpoint folder, which the same train command resumes from
        Path checkpoint = Files.createDirectories(dir.resolve("interrupted").resolve("checkpoint"));
        Files.writeString(checkpoint.resolve("checkpoint.json"), "{}");
        Path inside = checkpoint.resolve("misread.csv");
        Run r = cli("eval", data.toString(), "--model", model.toString(), "--misread", inside.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --misread " + inside + ": it is inside the checkpoint folder "
                + checkpoint.toRealPath() + ", which a run resumes from; name a file elsewhere");
        assertThat(inside).doesNotExist();

        // beside a run, under a name of its own, the list is written as before
        Path beside = run.resolve("misread.csv");
        Run ok = cli("eval", data.toString(), "--model", run.toString(), "--split", "all", "--misread", beside.toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(Files.readString(beside)).startsWith("file,label,predicted,wrong_positions,confidence,conflict\n");
    }

    private static Path firstImage(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void evalRefusesAReadOnlyMisreadFileBeforeTheEvaluationAndLeavesItAsItWas() throws Exception {
        // bits that grant no writing: read-only even for root, which could write it anyway
        Path readOnly = Files.writeString(dir.resolve("mis_ro.csv"), "someone's\n");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        try {
            Run r = cli("eval", data.toString(), "--model", model.toString(), "--misread", readOnly.toString());
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("error: --misread " + readOnly
                    + ": the file is read-only; name another file");
            assertThat(r.out()).as("no evaluation").isEmpty();
            assertThat(Files.readString(readOnly)).isEqualTo("someone's\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(readOnly))).isEqualTo("r--r--r--");
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (var s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void evalOfNoImagesSaysSoAndFails() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-images"));
        Run r = cli("eval", empty.toString(), "--model", model.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: " + empty + ": no usable images found, so there is nothing to evaluate");
        assertThat(r.out()).isEmpty();

        // two images: the seeded split puts none of them in the test split
        Path two = dir.resolve("two-images");
        writeDataset(two, 2, "xyz", 11);
        Run json = cli("eval", two.toString(), "--model", model.toString(), "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.out()).isEmpty();
        assertThat(json.err().strip()).startsWith("error: the test split of " + two + " has no images (of its 2 labelled image(s))")
                .endsWith("--split all reads every one");
        Run all = cli("eval", two.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(new ObjectMapper().readTree(all.out()).get("count").asInt()).isEqualTo(2);

        Path unlabelled = dir.resolve("unlabelled");
        writeDataset(unlabelled, 3, "xyz", 12);
        Files.writeString(unlabelled.resolve("labels.csv"), "filename,label\n");
        Run none = cli("eval", unlabelled.toString(), "--model", model.toString(), "--split", "all");
        assertThat(none.status()).isEqualTo(1);
        // what left them out comes first: it is the reason there is nothing to read (it was not printed at all)
        assertThat(none.err().strip().lines().toList()).containsExactly(
                "note: 1 problem reading " + unlabelled + " left images out: labels.csv: 3 images have no row and are"
                        + " left unlabelled, " + firstImages(unlabelled),
                "error: " + unlabelled + ": none of its 3 image(s) has a usable label (labelled, and not in a conflict),"
                        + " so there is nothing to evaluate");
        Run calibrate = cli("calibrate", unlabelled.toString(), "--model", model.toString(), "--other-data");
        assertThat(calibrate.status()).isEqualTo(1);
        assertThat(calibrate.err().strip().lines().toList()).as(calibrate.err())
                .contains("error: " + unlabelled + " has no labelled validation images to calibrate on")
                .anySatisfy(l -> assertThat(l).startsWith("note: 1 problem reading " + unlabelled + " left images out: "
                        + "labels.csv: 3 images have no row"));
    }

    /** The names of the three images of a folder of three, as a problem line lists them ("a, b and 1 more"). */
    private static String firstImages(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
            return names.get(0) + ", " + names.get(1) + " and 1 more";
        }
    }

    @Test
    void evalAndPredictWithSeveralModelsReadThemAsAnEnsemble() throws Exception {
        Path other = dir.resolve("models").resolve("tiny-seed-9");
        Run trained = cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16", "--seed", "9",
                "--out", other.toString());
        assertThat(trained.status()).as(trained.err()).isZero();
        // a temperature of its own, so the ensemble must read each run at its own
        ModelFolder.writeInfo(other, ModelFolder.readInfo(other).withTemperature(0.5));
        ObjectMapper m = new ObjectMapper();
        JsonNode alone = m.readTree(cli("eval", data.toString(), "--model", model.toString(), "--split", "all", "--json").out());
        JsonNode second = m.readTree(cli("eval", data.toString(), "--model", other.toString(), "--split", "all", "--json").out());
        Run both = cli("eval", data.toString(), "--model", model.toString(), "--model", other.toString(), "--split", "all", "--json");
        assertThat(both.status()).as(both.err()).isZero();
        JsonNode j = m.readTree(both.out());
        assertThat(j.get("models")).hasSize(2);
        assertThat(j.get("models").get(1).asText()).isEqualTo(other.toString());
        assertThat(j.get("model").asText()).isEqualTo(model + " + " + other);
        assertThat(j.get("count").asInt()).isEqualTo(80);
        // the mean of two different networks' probabilities is neither one's: its loss is another
        assertThat(j.get("loss").asDouble()).isNotEqualTo(alone.get("loss").asDouble())
                .isNotEqualTo(second.get("loss").asDouble());
        // a network averaged with itself reads exactly as it does alone
        JsonNode self = m.readTree(cli("eval", data.toString(), "--model", model.toString(), "--model", model.toString(),
                "--split", "all", "--json").out());
        assertThat(self.get("full_sequence_accuracy").asDouble()).isEqualTo(alone.get("full_sequence_accuracy").asDouble());
        assertThat(self.get("loss").asDouble()).isCloseTo(alone.get("loss").asDouble(), within(1e-6));
        Run text = cli("eval", data.toString(), "--model", model.toString(), "--model", other.toString(), "--tta");
        assertThat(text.out()).contains("read by an ensemble of 2 models, each read in 9 views");

        Path file;
        try (var s = Files.list(data)) {
            file = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        Run p = cli("predict", "--model", model.toString(), "--model", other.toString(), file.toString(), "--json");
        assertThat(p.status()).as(p.err()).isZero();
        JsonNode ensemble = m.readTree(p.out()).get(0).get("positions");
        JsonNode first = m.readTree(cli("predict", "--model", model.toString(), file.toString(), "--json").out()).get(0).get("positions");
        JsonNode last = m.readTree(cli("predict", "--model", other.toString(), file.toString(), "--json").out()).get(0).get("positions");
        assertThat(ensemble).hasSize(2);
        for (int pos = 0; pos < 2; pos++) {
            // three classes, so each top three holds all of them: every probability is the mean of the two runs'
            for (JsonNode c : ensemble.get(pos).get("top")) {
                String ch = c.get("char").asText();
                assertThat(c.get("probability").asDouble()).as(ch + " at position " + pos).isCloseTo(
                        (probabilityOf(first.get(pos), ch) + probabilityOf(last.get(pos), ch)) / 2, within(1e-5));
            }
        }

        // a member that reads another input size is refused, in one line naming it
        Path wide = dir.resolve("models").resolve("tiny-48x24");
        assertThat(cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16", "--input-size", "48x24",
                "--out", wide.toString()).status()).isZero();
        String why = "error: " + wide + " cannot join " + model + " in an ensemble: its input is 48x24, not 32x16";
        Run refused = cli("eval", data.toString(), "--model", model.toString(), "--model", wide.toString());
        assertOneErrorLine(refused, why);
        assertThat(refused.err().strip()).isEqualTo(why);
        assertOneErrorLine(cli("predict", "--model", model.toString(), "--model", wide.toString(), file.toString()), why);

        Path folded = brokenCopy("folded", f -> Files.writeString(f.resolve("run.json"),
                Files.readString(f.resolve("run.json")).replaceFirst("\"case_rule\"\\s*:\\s*\"KEEP\"", "\"case_rule\" : \"FOLD_LOWER\"")));
        assertThat(ModelFolder.readInfo(folded).caseRule()).isEqualTo("FOLD_LOWER");
        assertOneErrorLine(cli("eval", data.toString(), "--model", model.toString(), "--model", folded.toString()),
                folded + " cannot join " + model + " in an ensemble: it was trained with case rule fold-lower, not keep");
    }

    private static double probabilityOf(JsonNode position, String ch) {
        for (JsonNode c : position.get("top")) {
            if (c.get("char").asText().equals(ch)) {
                return c.get("probability").asDouble();
            }
        }
        throw new AssertionError(ch + " is not in " + position);
    }

    @Test
    void calibrateFitsTheTemperatureThatTrainingSavedAndWritesIt() throws Exception {
        double saved = ModelFolder.readInfo(model).temperature();
        Path old = Files.createDirectories(dir.resolve("models").resolve("uncalibrated"));
        for (String f : new String[] {"network.sdz", "run.json"}) {
            Files.copy(model.resolve(f), old.resolve(f));
        }
        String json = Files.readString(old.resolve("run.json"));
        Files.writeString(old.resolve("run.json"), json.replaceAll(",\\s*\"temperature\"\\s*:\\s*[0-9.eE+-]+", ""));
        assertThat(ModelFolder.readInfo(old).temperature()).isNull();

        Run r = cli("calibrate", data.toString(), "--model", old.toString());
        assertThat(r.status()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("temperature ").contains("(was none)").contains(old.resolve("run.json").toString());
        // the same network on the same validation split: the value training stored when it saved the run
        assertThat(ModelFolder.readInfo(old).temperature()).isCloseTo(saved, within(1e-3));
        assertThat(ModelFolder.load(old).predictor().temperature()).isEqualTo(ModelFolder.readInfo(old).temperature());

        Path other = dir.resolve("other-calibration");
        writeDataset(other, 20, "xyzw", 4);
        Run misfit = cli("calibrate", other.toString(), "--model", old.toString());
        assertThat(misfit.status()).isEqualTo(1);
        assertThat(misfit.err()).contains("characters the model does not know: 'w'");
    }

    /** A copy of the trained run, under another name. */
    private static Path copyOfModel(String name) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("models").resolve(name));
        for (String f : new String[] {"network.sdz", "run.json"}) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        return copy;
    }

    /** A copy of the training images in a folder of its own (no work store). */
    private static Path copyOfData(String name) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var s = Files.list(data)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void calibrateRefusesARunInAReadOnlyFolderBeforeReadingAnImage() throws Exception {
        Path run = copyOfModel("read-only-run");
        byte[] saved = Files.readAllBytes(run.resolve("run.json"));
        // bits that grant no writing: read-only even for root, as the shared datasets are kept
        Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Run refused = cli("calibrate", data.toString(), "--model", run.toString());
            assertThat(refused.status()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err().strip()).isEqualTo("error: --model " + run + ": the folder is read-only, and the"
                    + " temperature is stored in its run.json");
        } finally {
            Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(Files.readAllBytes(run.resolve("run.json"))).isEqualTo(saved);
    }

    @Test
    void calibrateRefusesARunWhoseRunJsonIsReadOnlyBeforeReadingAnImage() throws Exception {
        Path run = copyOfModel("read-only-run-json");
        Path runJson = run.resolve("run.json");
        byte[] saved = Files.readAllBytes(runJson);
        // bits that grant no writing: read-only even for root, which could write it anyway
        Files.setPosixFilePermissions(runJson, PosixFilePermissions.fromString("r--r--r--"));
        try {
            Run refused = cli("calibrate", data.toString(), "--model", run.toString());
            assertThat(refused.status()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err().strip()).isEqualTo("error: --model " + run + ": its run.json is read-only, and the"
                    + " temperature is stored in it");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runJson))).isEqualTo("r--r--r--");
        } finally {
            Files.setPosixFilePermissions(runJson, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(Files.readAllBytes(runJson)).isEqualTo(saved);
    }

    @Test
    void calibrateRefusesARunTrainedOnOtherDataUnlessAskedAndLeavesItsRunJsonAlone() throws Exception {
        Path run = copyOfModel("calibrated-elsewhere");
        byte[] saved = Files.readAllBytes(run.resolve("run.json"));
        Path other = dir.resolve("other-xyz");
        writeDataset(other, 60, "xyz", 2, 32, 16, 21);

        Run refused = cli("calibrate", other.toString(), "--model", run.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().strip()).isEqualTo("error: " + run + " was trained on other data ("
                + data.toAbsolutePath().normalize() + "), so the validation split of " + other
                + " is not its own; its temperature is left as it is (--other-data fits it here all the same)");
        assertThat(Files.readAllBytes(run.resolve("run.json"))).isEqualTo(saved);

        Run asked = cli("calibrate", other.toString(), "--model", run.toString(), "--other-data");
        assertThat(asked.status()).as(asked.err()).isZero();
        assertThat(asked.err().strip()).isEqualTo("warning: " + run + " was trained on other data ("
                + data.toAbsolutePath().normalize() + "); fitting its temperature on " + other + " as asked (--other-data)");
        assertThat(asked.out()).contains("saved in " + run.resolve("run.json"));
        assertThat(Files.readAllBytes(run.resolve("run.json"))).isNotEqualTo(saved);

        // the same images and labels in another folder are the same data
        Path copied = copyOfData("data-copy");
        Path second = copyOfModel("calibrated-on-a-copy");
        Run same = cli("calibrate", copied.toString(), "--model", second.toString());
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.err()).isEmpty();

        // the run's own folder with a corrected label: still its data (its split is kept), said in a note
        String file;
        try (var s = Files.list(copied)) {
            file = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        Path third = copyOfModel("calibrated-after-relabelling");
        String json = Files.readString(third.resolve("run.json"));
        Files.writeString(third.resolve("run.json"), json.replace("\"" + data.toAbsolutePath().normalize() + "\"",
                "\"" + copied.toAbsolutePath().normalize() + "\""));
        assertThat(ModelFolder.readInfo(third).datasetPath()).isEqualTo(copied.toAbsolutePath().normalize().toString());
        String relabelled = (file.charAt(0) == 'x' ? "y" : "x") + file.charAt(1);
        assertThat(cli("relabel", copied.toString(), file, relabelled).status()).isZero();
        Run corrected = cli("calibrate", copied.toString(), "--model", third.toString());
        assertThat(corrected.status()).as(corrected.err()).isZero();
        assertThat(corrected.err().strip()).isEqualTo("note: the images or labels of " + copied + " changed since " + third
                + " was trained (corrected labels, say); fitting on its validation split as it is now");
        // the same correction in yet another folder is other data
        Path elsewhere = copyOfData("data-copy-2");
        assertThat(cli("relabel", elsewhere.toString(), file, relabelled).status()).isZero();
        byte[] before = Files.readAllBytes(third.resolve("run.json"));
        Run moved = cli("calibrate", elsewhere.toString(), "--model", third.toString());
        assertThat(moved.status()).isEqualTo(1);
        assertThat(moved.err().strip()).startsWith("error: " + third + " was trained on other data (" + copied + ")");
        assertThat(Files.readAllBytes(third.resolve("run.json"))).isEqualTo(before);
    }

    @Test
    void calibrateReportsTheLossBeforeAtTheTemperatureItReplaces() throws Exception {
        Path run = copyOfModel("recalibrated");
        Run first = cli("calibrate", data.toString(), "--model", run.toString());
        assertThat(first.status()).as(first.err()).isZero();
        double t = ModelFolder.readInfo(run).temperature();
        // fitted again on the same images, the temperature and the loss stay: before and after must agree
        Run again = cli("calibrate", data.toString(), "--model", run.toString());
        assertThat(again.status()).as(again.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("temperature ([0-9.]+) \\(was ([0-9.]+)\\): validation loss ([0-9.]+) -> ([0-9.]+) on \\d+ images")
                .matcher(again.out());
        assertThat(m.find()).as(again.out()).isTrue();
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(t, within(1e-4));
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(t, within(1e-3));
        assertThat(Double.parseDouble(m.group(3))).isCloseTo(Double.parseDouble(m.group(4)), within(2e-4));
        // the run fitted far from 1, the loss at 1 is another: so a before at 1 would show
        assertThat(Math.abs(Math.log(t))).as("temperature " + t).isGreaterThan(0.05);
    }

    @Test
    void predictGivesTopThreePerPosition() throws Exception {
        Path file;
        try (var s = Files.list(data)) {
            file = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        Run r = cli("predict", "--model", model.toString(), file.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get(0).get("positions")).hasSize(2);
        assertThat(j.get(0).get("positions").get(0).get("top")).hasSize(3);
        assertThat(j.get(0).get("text").asText()).isEqualTo(file.getFileName().toString().substring(0, 2));
    }

    @Test
    void predictNamesAnUnreadableFileOnceWithItsReason() throws Exception {
        Path missing = dir.resolve("missing.png");
        Run r = cli("predict", "--model", model.toString(), missing.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(missing + ": no such file");
        assertThat(r.out()).isEmpty();

        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Path folder = Files.createDirectories(dir.resolve("a-folder.png"));
        Path good;
        try (var s = Files.list(data)) {
            good = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        // the good file is still read and printed, but the run as a whole did not read everything: exit 1
        Run mixed = cli("predict", "--model", model.toString(), text.toString(), good.toString(), folder.toString());
        assertThat(mixed.status()).as(mixed.err()).isEqualTo(1);
        assertThat(mixed.err().lines().toList()).containsExactly(
                text + ": not a PNG, JPEG, BMP or GIF image (unrecognised content)",
                folder + ": it is a folder, not an image file");
        assertThat(mixed.out().lines().toList()).singleElement().asString().startsWith(good + ": ");

        // the JSON lists every file in the order given, a file not read with its reason instead of a reading
        Run mixedJson = cli("predict", "--model", model.toString(), text.toString(), good.toString(), folder.toString(),
                "--json");
        assertThat(mixedJson.status()).as(mixedJson.err()).isEqualTo(1);
        assertThat(mixedJson.err().lines().toList()).isEqualTo(mixed.err().lines().toList());
        JsonNode all = new ObjectMapper().readTree(mixedJson.out());
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("file").asText()).isEqualTo(text.toString());
        assertThat(all.get(0).get("error").asText()).isEqualTo("not a PNG, JPEG, BMP or GIF image (unrecognised content)");
        assertThat(all.get(0).has("text")).isFalse();
        assertThat(all.get(1).get("file").asText()).isEqualTo(good.toString());
        assertThat(all.get(1).has("error")).isFalse();
        assertThat(all.get(1).get("text").asText()).isEqualTo(good.getFileName().toString().substring(0, 2));
        assertThat(all.get(1).get("positions")).hasSize(2);
        assertThat(all.get(2).get("file").asText()).isEqualTo(folder.toString());
        assertThat(all.get(2).get("error").asText()).isEqualTo("it is a folder, not an image file");

        Run none = cli("predict", "--model", model.toString(), text.toString(), missing.toString(), "--json");
        assertThat(none.status()).isEqualTo(1);
        JsonNode failed = new ObjectMapper().readTree(none.out());
        assertThat(failed).hasSize(2);
        assertThat(failed.get(1).get("file").asText()).isEqualTo(missing.toString());
        assertThat(failed.get(1).get("error").asText()).isEqualTo("no such file");
        assertThat(none.err().lines().toList()).containsExactly(
                text + ": not a PNG, JPEG, BMP or GIF image (unrecognised content)",
                missing + ": no such file",
                "error: none of the 2 files could be read");
        Run noneText = cli("predict", "--model", model.toString(), text.toString(), missing.toString());
        assertThat(noneText.status()).isEqualTo(1);
        assertThat(noneText.out()).isEmpty();
    }

    @Test
    void aModelThatDoesNotFitTheDatasetIsRefusedInOneLine() throws Exception {
        Path other = dir.resolve("other");
        writeDataset(other, 20, "xyzw", 4);
        Run r = cli("eval", other.toString(), "--model", model.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: " + model + " does not fit " + other + ":")
                .contains("characters the model does not know: 'w'").doesNotContain("\tat ");
        Run missing = cli("eval", other.toString(), "--model", dir.resolve("nothing").toString());
        assertThat(missing.status()).as("a missing model folder fails like a misfit dataset").isEqualTo(1);
        assertThat(missing.err().strip().lines().count()).isEqualTo(1);
    }

    /**
     * A run trained on folded labels read on capitals without --fold-case: the line said only that the model did not
     * know 'XYZ', though it knows them in lowercase.
     */
    @Test
    void aRunThatFoldedCaseOnCapitalsSaysToGiveFoldCase() throws Exception {
        Path folding = handEdited("folding", j -> j.put("case_rule", "FOLD_LOWER"));
        Path capitals = dir.resolve("capitals");
        writeDataset(capitals, 20, "XYZ", 5);
        Run r = cli("eval", capitals.toString(), "--model", folding.toString(), "--split", "all");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: " + folding + " does not fit " + capitals + ": the dataset's labels"
                + " use characters the model does not know: 'XYZ'; the model was trained on labels folded to lowercase,"
                + " and these were read as they are: give --fold-case");
        Run folded = cli("eval", capitals.toString(), "--model", folding.toString(), "--split", "all", "--fold-case");
        assertThat(folded.status()).as(folded.err()).isZero();
        // a run that kept case knows no capitals at all: nothing about folding
        Run keeping = cli("eval", capitals.toString(), "--model", model.toString(), "--split", "all");
        assertThat(keeping.err().strip()).endsWith("characters the model does not know: 'XYZ'");
    }

    @Test
    void describePrintsTheSeedCount() {
        Run r = cli("describe", "--preset", "seed");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("total parameters: 48,712").contains("head3");
        Run small = cli("describe", "--preset", "strong", "--width", "72", "--height", "24", "--length", "4", "--classes", "32");
        assertThat(small.out()).contains("head3").contains("total parameters");
    }

    @Test
    void benchPrintsTrainingAndInferenceRatesAsJson() throws Exception {
        Run r = cli("bench", "--json", "--seconds", "0.3", "--warmup", "0");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("preset").asText()).isEqualTo("seed");
        assertThat(j.get("batch").asInt()).isEqualTo(64);
        assertThat(j.get("train_img_s").asDouble()).isPositive();
        assertThat(j.get("infer_img_s").asDouble()).isPositive();
        assertThat(j.get("infer_one_stream_img_s").asDouble()).isPositive();
        assertThat(j.get("infer_lanes").asInt()).isEqualTo(org.captchalab.model.InferenceLanes.count());
        assertThat(j.get("warmup_seconds").asDouble()).isZero();
        // the first round warms up six times --warmup unless --first-warmup is given, the later ones --warmup
        Run two = cli("bench", "--json", "--seconds", "0.05", "--warmup", "0.05", "--rounds", "2");
        assertThat(two.status()).as(two.err()).isZero();
        JsonNode t = new ObjectMapper().readTree(two.out());
        assertThat(t.get("first_round_warmup_seconds").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(t.get("rounds").get(0).get("warmup_seconds").asDouble()).isCloseTo(0.3, within(1e-9));
        assertThat(t.get("rounds").get(1).get("warmup_seconds").asDouble()).isEqualTo(0.05);
        assertThat(t.get("rounds").get(1).get("time_utc").asText()).matches("\\d\\d:\\d\\d:\\d\\d");
        // a round that starts on the minute keeps its seconds (it printed "07:54" once)
        assertThat(BenchCommand.clock(java.time.LocalTime.of(7, 54, 0))).isEqualTo("07:54:00");
        assertThat(BenchCommand.clock(java.time.LocalTime.of(7, 54, 3, 999_000_000))).isEqualTo("07:54:03");
        Run given = cli("bench", "--json", "--seconds", "0.05", "--warmup", "0", "--first-warmup", "0.2", "--rounds", "2");
        assertThat(given.status()).as(given.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(given.out());
        assertThat(g.get("rounds").get(0).get("warmup_seconds").asDouble()).isEqualTo(0.2);
        assertThat(g.get("rounds").get(1).get("warmup_seconds").asDouble()).isZero();
        Run text = cli("bench", "--preset", "strong", "--batch", "8", "--seconds", "0.2", "--warmup", "0");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("strong, batch 8, 129x53").contains("training:").contains("inference:")
                .contains("batches in flight");
    }

    /**
     * A damaged image in bench's DIR used to end the command with its one line after all the measuring, throwing the
     * figures away; a folder without images was found only then too.
     */
    @Test
    void benchLeavesAnImageThatWillNotDecodeOutOfTheDecodingRateAndKeepsItsFigures() throws Exception {
        Path some = dir.resolve("bench-with-a-broken-image");
        writeDataset(some, 6, "xyz", 21);
        Files.writeString(some.resolve("xy_99.png"), "not a png");
        Run r = cli("bench", "--json", "--seconds", "0.05", "--warmup", "0", some.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("train_img_s").asDouble()).isPositive();
        assertThat(j.get("decode_img_s").asDouble()).isPositive();
        assertThat(r.err().strip()).isEqualTo("note: for the decoding rate, 1 image could not be decoded and was left out: "
                + some.resolve("xy_99.png") + ": not a PNG, JPEG, BMP or GIF image (unrecognised content)");

        // nothing decodes: the figures measured are printed, the missing rate is the error (exit 1)
        Path broken = Files.createDirectories(dir.resolve("bench-only-broken"));
        Files.writeString(broken.resolve("xy_1.png"), "not a png");
        Run none = cli("bench", "--seconds", "0.05", "--warmup", "0", broken.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.out()).contains("training:").contains("inference:").doesNotContain("decoding:");
        assertThat(none.err().strip()).isEqualTo("error: none of the 1 images in " + broken + " decodes, so there is no"
                + " decoding rate: " + broken.resolve("xy_1.png") + ": not a PNG, JPEG, BMP or GIF image (unrecognised content)");

        // a folder without images is refused before the measuring (a minute's warm-up would show it)
        Path empty = Files.createDirectories(dir.resolve("bench-no-images"));
        long t0 = System.nanoTime();
        Run nothing = cli("bench", "--seconds", "600", "--warmup", "600", empty.toString());
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.out()).isEmpty();
        assertThat(nothing.err().strip()).isEqualTo("error: no images in " + empty);
    }

    /** A copy of the trained model folder, broken by {@code damage}. */
    private static Path brokenCopy(String name, Damage damage) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("broken").resolve(name));
        for (String f : new String[] {"network.sdz", "run.json", "metrics.csv"}) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        damage.apply(copy);
        return copy;
    }

    interface Damage {
        void apply(Path folder) throws Exception;
    }

    private static void assertOneErrorLine(Run r, String... parts) {
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: ").contains(parts).doesNotContain("\tat ");
    }

    @Test
    void brokenModelFoldersAreRefusedInOneLineSayingWhichFileAndWhy() throws Exception {
        String image;
        try (var s = Files.list(data)) {
            image = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow().toString();
        }
        Path noNetwork = brokenCopy("no-network", f -> Files.delete(f.resolve("network.sdz")));
        assertOneErrorLine(cli("predict", "--model", noNetwork.toString(), image), noNetwork.toString(),
                "has no network.sdz (the network file is missing)");

        Path noRunJson = brokenCopy("no-run-json", f -> Files.delete(f.resolve("run.json")));
        assertOneErrorLine(cli("eval", data.toString(), "--model", noRunJson.toString()), noRunJson.toString(),
                "has no run.json");

        Path cutJson = brokenCopy("cut-json", f -> {
            String json = Files.readString(f.resolve("run.json"));
            Files.writeString(f.resolve("run.json"), json.substring(0, json.length() / 2));
        });
        assertOneErrorLine(cli("predict", "--model", cutJson.toString(), image), cutJson.resolve("run.json").toString(),
                "is corrupt");

        Path cutNetwork = brokenCopy("cut-network", f -> {
            byte[] net = Files.readAllBytes(f.resolve("network.sdz"));
            Files.write(f.resolve("network.sdz"), java.util.Arrays.copyOf(net, net.length / 2));
        });
        assertOneErrorLine(cli("eval", data.toString(), "--model", cutNetwork.toString()), cutNetwork.toString(),
                "network.sdz is not a readable SameDiff network");

        Path newer = brokenCopy("newer", f -> {
            String json = Files.readString(f.resolve("run.json"));
            assertThat(json).contains("\"format_version\" : 1,");
            Files.writeString(f.resolve("run.json"), json.replace("\"format_version\" : 1,", "\"format_version\" : 2,"));
        });
        assertOneErrorLine(cli("predict", "--model", newer.toString(), image), newer.toString(),
                "was saved by a newer CaptchaLab (format 2, this one reads up to 1): update CaptchaLab to open it");
    }

    /** A copy of the trained model folder whose run.json has had {@code edit} made to it, as by hand. */
    private static Path handEdited(String name, Consumer<ObjectNode> edit) throws Exception {
        return brokenCopy(name, f -> {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = (ObjectNode) mapper.readTree(f.resolve("run.json").toFile());
            edit.accept(json);
            mapper.writeValue(f.resolve("run.json").toFile(), json);
        });
    }

    @Test
    void aHandEditedRunJsonIsRefusedInTheSameLineByEveryCommandThatReadsIt() throws Exception {
        String image;
        try (var s = Files.list(data)) {
            image = s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow().toString();
        }
        Map<Path, String> broken = new LinkedHashMap<>();
        broken.put(handEdited("case-rule", j -> j.put("case_rule", "WHATEVER")),
                "is invalid: case_rule is WHATEVER, not one of KEEP, FOLD_LOWER");
        broken.put(handEdited("hot", j -> j.put("temperature", "hot")),
                "is invalid: temperature must be a number (got \"hot\")");
        broken.put(handEdited("four", j -> j.put("label_length", "four")),
                "is invalid: label_length must be a whole number (got \"four\")");
        broken.put(brokenCopy("array", f -> Files.writeString(f.resolve("run.json"), "[1,2,3]")),
                "is invalid: not a JSON object");
        broken.put(handEdited("repeated", j -> j.put("alphabet", "xxz")),
                "is invalid: alphabet repeats a character (x)");
        broken.put(handEdited("zero-width", j -> j.put("input_width", 0)),
                "is invalid: input_width must be a positive whole number (got 0)");
        broken.put(handEdited("no-width", j -> j.remove("input_width")),
                "is incomplete (input_width missing)");
        for (Map.Entry<Path, String> b : broken.entrySet()) {
            String folder = b.getKey().toString();
            String line = "error: " + b.getKey().resolve("run.json") + " " + b.getValue();
            Path out = dir.resolve("models").resolve("from-" + b.getKey().getFileName());
            for (Run r : List.of(cli("predict", "--model", folder, image),
                    cli("eval", data.toString(), "--model", folder),
                    cli("calibrate", data.toString(), "--model", folder),
                    cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--init-from", folder,
                            "--out", out.toString()))) {
                assertOneErrorLine(r, line);
                assertThat(r.err().strip()).isEqualTo(line);
            }
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void aDatasetWithLongerLabelsIsRefusedAndOtherImageSizesOnlyWarned() throws Exception {
        Path longer = dir.resolve("longer");
        writeDataset(longer, 12, "xyz", 3, 48, 16, 5);
        Run refused = cli("eval", longer.toString(), "--model", model.toString(), "--split", "all");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().strip())
                .isEqualTo("error: " + model + " does not fit " + longer + ": the model reads 2 characters, the dataset's labels have 3");
        // a length given on the command line is what made the labels that long: the line says so
        Run asked = cli("eval", data.toString(), "--model", model.toString(), "--length", "3");
        assertThat(asked.status()).isEqualTo(1);
        assertThat(asked.err().strip()).isEqualTo("error: " + model + " does not fit " + data
                + ": the model reads 2 characters, the dataset's labels have 3, as --length 3 reads them");
        Run split = cli("eval", data.toString(), "--model", model.toString(), "--split", "everything");
        assertThat(split.status()).isEqualTo(2);
        assertThat(split.err().strip()).isEqualTo("error: --split must be test, val, train or all (got everything)");

        Path bigger = dir.resolve("bigger");
        writeDataset(bigger, 12, "xyz", 2, 64, 24, 6);
        String otherImages = "warning: the dataset's images are 64x24 (the most common size), the model was trained"
                + " on 32x16 images (each is resized to its 32x16 input)";
        Run warned = cli("eval", bigger.toString(), "--model", model.toString(), "--split", "all", "--json");
        assertThat(warned.status()).as(warned.err()).isZero();
        assertThat(warned.err().strip()).isEqualTo(otherImages);
        assertThat(new ObjectMapper().readTree(warned.out()).get("count").asInt()).isEqualTo(12);

        // --input-size cannot change what a saved model reads: a note says so, and the figures stay the same; nor
        // does it change the images' own size, which the warning is about
        Run sized = cli("eval", bigger.toString(), "--model", model.toString(), "--split", "all", "--json",
                "--input-size", "5x5");
        assertThat(sized.status()).as(sized.err()).isZero();
        assertThat(sized.err().lines().toList()).containsExactly("note: --input-size 5x5 is not used: a saved model"
                + " reads images at the size it was trained at, 32x16 (each image is resized to it)", otherImages);
        assertThat(new ObjectMapper().readTree(sized.out()).get("full_sequence_accuracy").asDouble())
                .isEqualTo(new ObjectMapper().readTree(warned.out()).get("full_sequence_accuracy").asDouble());
        Run asTrained = cli("eval", bigger.toString(), "--model", model.toString(), "--split", "all", "--json",
                "--input-size", "32x16");
        assertThat(asTrained.err().strip()).as("the size the model reads, but not the images'").isEqualTo(otherImages);

        // a run trained at 48x24 on 64x24 images records that size: it says nothing of its own folder, nor of
        // another folder of 64x24 images (it compared them with its input size and warned)
        Path resized = dir.resolve("models").resolve("bigger-at-48x24");
        Run trained = cli("train", bigger.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--input-size", "48x24", "--out", resized.toString());
        assertThat(trained.status()).as(trained.err()).isZero();
        JsonNode runJson = new ObjectMapper().readTree(resized.resolve("run.json").toFile());
        assertThat(List.of(runJson.get("image_width").asInt(), runJson.get("image_height").asInt(),
                runJson.get("input_width").asInt(), runJson.get("input_height").asInt())).containsExactly(64, 24, 48, 24);
        Run own = cli("eval", bigger.toString(), "--model", resized.toString(), "--split", "all", "--json");
        assertThat(own.status()).as(own.err()).isZero();
        assertThat(own.err()).isEmpty();
        Path alike = dir.resolve("alike");
        writeDataset(alike, 12, "xyz", 2, 64, 24, 16);
        Run elsewhere = cli("eval", alike.toString(), "--model", resized.toString(), "--split", "all", "--json");
        assertThat(elsewhere.status()).as(elsewhere.err()).isZero();
        assertThat(elsewhere.err()).as("images like those it was trained on").isEmpty();
        Run smaller = cli("eval", data.toString(), "--model", resized.toString(), "--split", "all", "--json");
        assertThat(smaller.err().strip()).isEqualTo("warning: the dataset's images are 32x16 (the most common size),"
                + " the model was trained on 64x24 images (each is resized to its 48x24 input)");
    }

    /**
     * predict says, in one note per size and not one per file, which images are of another size than those the model
     * was trained on, naming the file when it is the only one, and reads them all the same; a run.json saved before
     * the size was recorded is compared with the input size.
     */
    @Test
    void predictNotesImagesOfAnotherSizeOncePerSizeAndReadsThemAllTheSame() throws Exception {
        Path mixed = dir.resolve("predict-sizes");
        writeDataset(mixed.resolve("big"), 3, "xyz", 2, 64, 24, 21);
        writeDataset(mixed.resolve("wide"), 1, "xyz", 2, 40, 16, 22);
        List<String> files = new java.util.ArrayList<>();
        for (String sub : List.of("big", "wide")) {
            try (var listed = Files.list(mixed.resolve(sub))) {
                listed.sorted().forEach(f -> files.add(f.toString()));
            }
        }
        files.add(data.resolve(listFirst(data)).toString());
        String wide = files.get(3);

        assertThat(predictErr(model, files)).containsExactly(
                "note: 3 of 5 images are 64x24; the model was trained on 32x16 images (each is resized to its 32x16 input)",
                "note: " + wide + " is 40x16; the model was trained on 32x16 images (each is resized to its 32x16 input)");

        // one image alone is named; one of the training images' size says nothing
        Run one = cli("predict", "--model", model.toString(), files.get(0), "--json");
        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.err().strip()).isEqualTo("note: " + files.get(0) + " is 64x24; the model was trained on 32x16"
                + " images (each is resized to its 32x16 input)");
        assertThat(new ObjectMapper().readTree(one.out())).hasSize(1);
        assertThat(cli("predict", "--model", model.toString(), files.get(4)).err()).isEmpty();
        Run all = cli("predict", "--model", model.toString(), files.get(0), files.get(1));
        assertThat(all.err().strip()).startsWith("note: all 2 images are 64x24; ");

        // the same network, had it been trained on 64x24 images: those are like its own, the others are not
        Path on64x24 = copyOfModel("predict-on-64x24", j -> j.put("image_width", 64).put("image_height", 24));
        assertThat(predictErr(on64x24, files)).containsExactly(
                "note: " + wide + " is 40x16; the model was trained on 64x24 images (each is resized to its 32x16 input)",
                "note: " + files.get(4) + " is 32x16; the model was trained on 64x24 images (each is resized to its 32x16"
                        + " input)");

        // trained on a folder of several sizes (as swust_cas_4char is): each size it recorded is like its own
        Path mixedSizes = copyOfModel("predict-on-mixed", j -> j.put("image_width", 64).put("image_height", 24)
                .set("other_image_sizes", new ObjectMapper().createArrayNode().add("40x16")));
        assertThat(predictErr(mixedSizes, files)).containsExactly("note: " + files.get(4) + " is 32x16; the model was"
                + " trained on 64x24 and 40x16 images (each is resized to its 32x16 input)");

        // as saved before run.json recorded the images' size: compared with the input size, 32x16
        Path old = copyOfModel("predict-old", j -> j.remove(List.of("image_width", "image_height")));
        assertThat(Files.readString(old.resolve("run.json"))).doesNotContain("image_width");
        assertThat(predictErr(old, files)).containsExactly(
                "note: 3 of 5 images are 64x24; the model was trained at 32x16 (each image is resized to it)",
                "note: " + wide + " is 40x16; the model was trained at 32x16 (each image is resized to it)");
    }

    /**
     * An ensemble's image sizes are every run's: eval and predict compared only the first run's, so images like the
     * first run's but not the second's went unmentioned. The notes name the runs whose images they are unlike.
     */
    @Test
    void evalAndPredictCompareImageSizesWithEveryRunOfAnEnsemble() throws Exception {
        Path on64x24 = copyOfModel("ensemble-on-64x24", j -> j.put("image_width", 64).put("image_height", 24));
        Path big = dir.resolve("ensemble-sizes");
        writeDataset(big, 12, "xyz", 2, 64, 24, 31);
        String bigFile = big.resolve(listFirst(big)).toString();
        String smallFile = data.resolve(listFirst(data)).toString();
        String unlikeModel = "of the ensemble's 2 runs, " + model + " was trained on 32x16 images (each image is"
                + " resized to their 32x16 input)";

        Run eval = cli("eval", big.toString(), "--model", on64x24.toString(), "--model", model.toString(),
                "--split", "all", "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.err().strip()).isEqualTo("warning: the dataset's images are 64x24 (the most common size); "
                + unlikeModel);
        Run own = cli("eval", data.toString(), "--model", model.toString(), "--model", model.toString(), "--split", "all",
                "--json");
        assertThat(own.err()).as("images like every run's").isEmpty();

        assertThat(predictErr(List.of(on64x24, model), List.of(bigFile, smallFile))).containsExactly(
                "note: " + bigFile + " is 64x24; " + unlikeModel,
                "note: " + smallFile + " is 32x16; of the ensemble's 2 runs, " + on64x24 + " was trained on 64x24 images"
                        + " (each image is resized to their 32x16 input)");
    }

    /** A copy of the shared model whose run.json is changed by {@code edit}. */
    private static Path copyOfModel(String name, Consumer<ObjectNode> edit) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("models").resolve(name));
        Files.copy(model.resolve("network.sdz"), copy.resolve("network.sdz"));
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(model.resolve("run.json").toFile());
        edit.accept(json);
        Files.writeString(copy.resolve("run.json"), json.toString());
        return copy;
    }

    /** What predict with {@code modelDir} on {@code files} prints on stderr, having read them all (exit 0). */
    private static List<String> predictErr(Path modelDir, List<String> files) {
        return predictErr(List.of(modelDir), files);
    }

    /** As {@link #predictErr(Path, List)} with every folder of {@code modelDirs} given as a --model (an ensemble). */
    private static List<String> predictErr(List<Path> modelDirs, List<String> files) {
        List<String> args = new java.util.ArrayList<>(List.of("predict"));
        modelDirs.forEach(m -> args.addAll(List.of("--model", m.toString())));
        args.addAll(files);
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(files.size());
        return r.err().lines().toList();
    }

    private static String listFirst(Path folder) throws IOException {
        try (var listed = Files.list(folder)) {
            return listed.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void aLossThatTurnsNaNEndsTrainWithOneLineAndSavesNothing() {
        Path out = dir.resolve("models").resolve("exploding");
        Run r = cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16", "--lr", "1e30",
                "--out", out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: the loss became NaN or infinite at epoch 1, minibatch ")
                .endsWith("try a lower learning rate (--lr)");
        assertThat(out.resolve("run.json")).doesNotExist();
        assertThat(out.resolve("network.sdz")).doesNotExist();
    }

    @Test
    void trainInitFromAnotherPresetsRunEndsWithOneLineAndStrongerAugmentationIsChecked() {
        // the seed preset reads 92x46 here (its four poolings need at least that), so both reasons are named
        Path out = dir.resolve("models").resolve("from-tiny");
        Run r = cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--init-from", model.toString(),
                "--out", out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: cannot start from " + model + ": it has preset strong, not seed; input 32x16, not 92x46");
        assertThat(out).doesNotExist();

        Run tooStrong = cli("train", data.toString(), "--preset", "strong", "--augment-strength", "9", "--out", out.toString());
        assertThat(tooStrong.status()).isEqualTo(2);
        assertThat(tooStrong.err().strip()).isEqualTo("error: --augment-strength must be between 0 and 4 (got 9)");

        Run badDecay = cli("train", data.toString(), "--preset", "strong", "--weight-decay", "-0.5", "--out", out.toString());
        assertThat(badDecay.status()).isEqualTo(2);
        assertThat(badDecay.err().strip()).isEqualTo("error: --weight-decay must be between 0 and 10 (got -0.5)");
        assertThat(out).doesNotExist();
    }

    @Test
    void trainInitFromReadsTheDataAsTheSavedRunDidAndRecordsIt() throws Exception {
        Path base = dir.resolve("models").resolve("base-48x24");
        Run first = cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--input-size", "48x24", "--out", base.toString());
        assertThat(first.status()).as(first.err()).isZero();
        Path tuned = dir.resolve("models").resolve("tuned-48x24");
        // no --input-size: the run being continued decides it, not the images' own 32x16
        Run r = cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16", "--augment-strength", "2",
                "--weight-decay", "0.05", "--init-from", base.toString(), "--out", tuned.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("input 48x24; preset strong").contains("starting from the weights of " + base);
        RunInfo info = ModelFolder.readInfo(tuned);
        assertThat(info.inputSize()).isEqualTo(new ImageSize(48, 24));
        assertThat(info.hyperParameters()).containsEntry("initialised_from", base.toAbsolutePath().normalize().toString())
                .containsEntry("augment_strength", 2.0).containsEntry("augment", true).containsEntry("weight_decay", 0.05);
        assertThat(ModelFolder.readInfo(base).hyperParameters()).containsEntry("weight_decay", 0.0);
    }
}
