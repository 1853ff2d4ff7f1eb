package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.cli.ModelCommandsTest.Run;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Preset;
import org.captchalab.training.Checkpoint;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.RunWriter;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingData;
import org.captchalab.training.TrainingJob;
import org.captchalab.training.TrainingResult;
import org.captchalab.training.TrainingStats;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} refuses, and how: an option out of range (one line naming it, exit 2, before any dataset is
 * read), an output folder that already holds a finished run or someone's metrics.csv or dl4j-stats.bin (exit 1, its
 * files untouched), a checkpoint started with another preset or other data (exit 1, before any image is decoded), and
 * an {@code --init-from} run whose alphabet leaves out the dataset's characters. An interrupted run's checkpoint
 * still resumes.
 */
class TrainRefusalsTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = dir.resolve("data");
        ModelCommandsTest.writeDataset(data, 40, "xyz", 3);
    }

    private static void assertOneLine(Run r, int status, String line) {
        assertThat(r.status()).as(r.err() + r.out()).isEqualTo(status);
        assertThat(r.err().lines().toList()).containsExactly(line);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anOptionOutOfRangeIsOneLineNamingItAndItsValueBeforeTheDatasetIsRead() {
        // the dataset folder does not exist: reading it first would end in "no such folder", exit 1
        Path missing = dir.resolve("no-such-dataset");
        Path out = dir.resolve("never-written");
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--batch", "0"), "--batch must be at least 1 (got 0)");
        cases.put(List.of("--batch", "-3"), "--batch must be at least 1 (got -3)");
        cases.put(List.of("--epochs", "-1"), "--epochs must be at least 1 (got -1)");
        cases.put(List.of("--epochs", "0"), "--epochs must be at least 1 (got 0)");
        cases.put(List.of("--patience", "-2"), "--patience must be 0 or more (got -2)");
        cases.put(List.of("--lr-patience", "-1"), "--lr-patience must be 0 or more (got -1)");
        cases.put(List.of("--lr", "-1"), "--lr must be a positive number (got -1)");
        cases.put(List.of("--lr", "0"), "--lr must be a positive number (got 0)");
        cases.put(List.of("--time-limit", "-5m"), "--time-limit must be longer than 0 (got -5m)");
        cases.put(List.of("--time-limit", "0s"), "--time-limit must be longer than 0 (got 0s)");
        cases.put(List.of("--time-limit", "10x"), "--time-limit must be a duration such as 90s, 10m or 2h (got 10x)");
        cases.put(List.of("--input-size", "12"), "--input-size must be WIDTHxHEIGHT in pixels, e.g. 129x53 (got 12)");
        cases.put(List.of("--input-size", "5x5"), "--input-size must be at least 46x46 for preset seed (got 5x5)");
        cases.put(List.of("--input-size", "129x30"), "--input-size must be at least 46x46 for preset seed (got 129x30)");
        cases.put(List.of("--input-size", "99999x99999"), "--input-size must be at most 1024x1024 (got 99999x99999)");
        cases.put(List.of("--time-limit", "99999999999h"),
                "--time-limit must be at most 8760h (got 99999999999h); leave it out for no limit");
        cases.put(List.of("--augment-strength", "9"), "--augment-strength must be between 0 and 4 (got 9)");
        cases.put(List.of("--weight-decay", "-0.5"), "--weight-decay must be between 0 and 10 (got -0.5)");
        cases.put(List.of("--lr", "0.5", "--weight-decay", "4"),
                "--lr times --weight-decay must be below 1, since each step multiplies the weights by 1 minus it (got 0.5 x 4)");
        for (var c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("train", missing.toString(), "--preset", "seed",
                    "--out", out.toString()));
            args.addAll(c.getKey());
            assertOneLine(ModelCommandsTest.cli(args.toArray(String[]::new)), 2, "error: " + c.getValue());
        }
        assertOneLine(ModelCommandsTest.cli("train", missing.toString(), "--preset", "strong", "--input-size", "12x40",
                "--out", out.toString()), 2, "error: --input-size must be at least 16x16 for preset strong (got 12x40)");
        Run length = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--length", "0", "--out", out.toString());
        assertOneLine(length, 2, "error: --length must be at least 1 (got 0)");
        assertOneLine(ModelCommandsTest.cli("train", missing.toString(), "--preset", "large", "--out", out.toString()),
                2, "error: --preset must be seed, strong or attention (got large)");
        assertThat(out).doesNotExist();
        // in range, the same command reaches the dataset
        assertOneLine(ModelCommandsTest.cli("train", missing.toString(), "--preset", "seed", "--batch", "1",
                "--time-limit", "1s", "--input-size", "46x46", "--out", out.toString()), 1, "error: no such folder: " + missing);
    }

    @Test
    void aFinishedRunInOutIsRefusedAndLeftByteForByte() throws Exception {
        Path out = dir.resolve("models").resolve("finished");
        trainOneStrongEpoch(out);
        assertThat(out.resolve("checkpoint")).doesNotExist();
        Map<String, String> before = TrainOutOfMemoryTest.contents(out);
        assertThat(before).containsKeys("run.json", "network.sdz", "metrics.csv");

        Run again = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--out", out.toString());
        assertOneLine(again, 1, "error: " + out + " already holds a trained run; choose another --out, or delete it to train afresh");
        assertThat(TrainOutOfMemoryTest.contents(out)).isEqualTo(before);

        // a network alone (run.json lost) is still somebody's run
        Files.delete(out.resolve("run.json"));
        Map<String, String> networkOnly = TrainOutOfMemoryTest.contents(out);
        Run seed = ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--out", out.toString());
        assertOneLine(seed, 1, "error: " + out + " already holds a trained run; choose another --out, or delete it to train afresh");
        assertThat(TrainOutOfMemoryTest.contents(out)).isEqualTo(networkOnly);

        // a folder of the user's own that holds a metrics.csv: saving a run would write over it
        Path mine = Files.createDirectories(dir.resolve("my-notes"));
        Files.writeString(mine.resolve("metrics.csv"), "my own measurements\n");
        Files.writeString(mine.resolve("notes.txt"), "keep me\n");
        Map<String, String> notes = TrainOutOfMemoryTest.contents(mine);
        assertOneLine(ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--out",
                mine.toString()), 1, "error: " + mine + " already holds metrics.csv, which saving the run would write over;"
                + " choose another --out, or move that file away");
        assertThat(TrainOutOfMemoryTest.contents(mine)).isEqualTo(notes);

        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertOneLine(ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--out", file.toString()), 2,
                "error: --out " + file + ": it is a file, not a folder; choose another --out");
        assertThat(Files.readString(file)).isEqualTo("not a folder");

        // a folder whose permission bits grant no writing, new or not: read-only even for root
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            for (Path target : List.of(readOnly, readOnly.resolve("new-run"))) {
                assertOneLine(ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--out",
                        target.toString()), 2, "error: --out " + target + ": the folder " + readOnly.toAbsolutePath()
                        + " is read-only; choose another --out");
            }
            try (var listed = Files.list(readOnly)) {
                assertThat(listed).isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aStatisticsFileWithoutACheckpointIsRefusedAndLeftButARunsOwnGoesOnWhenItResumes(@TempDir Path tmp) throws Exception {
        // no checkpoint, no run: not ours (a run that ends before any epoch leaves none), so training would write into
        // someone's file or, unable to open it, record nothing for the dashboard
        Path theirs = Files.createDirectories(tmp.resolve("their-stats"));
        Files.writeString(theirs.resolve(TrainingStats.FILE), "precious\n");
        Map<String, String> before = TrainOutOfMemoryTest.contents(theirs);
        assertOneLine(ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--out",
                theirs.toString()), 1, "error: " + theirs.resolve(TrainingStats.FILE) + " is not a readable DL4J"
                + " statistics file (truncated), and training would write over it; choose another --out, or move that"
                + " file away");
        assertThat(TrainOutOfMemoryTest.contents(theirs)).isEqualTo(before);

        // statistics with no checkpoint beside them: a run of ours killed in its first epoch; training records on
        Path killed = Files.createDirectories(tmp.resolve("killed-in-epoch-1"));
        try (TrainingStats first = TrainingStats.open(killed.resolve(TrainingStats.FILE), TrainingConfig.defaults(Preset.SEED))) {
            first.iterationDone(new IterationMetrics(1, 1, 1, 1, new double[] {0.5, 0.5}, 1.0, 100));
        }
        Run again = ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "1", "--batch", "16",
                "--out", killed.toString());
        assertThat(again.status()).as(again.err()).isZero();
        FileStatsStorage both = new FileStatsStorage(killed.resolve(TrainingStats.FILE).toFile());
        try {
            assertThat(both.listSessionIDs()).as("the killed process's session and this one's").hasSize(2);
        } finally {
            both.close();
        }

        // beside a checkpoint it is the run's own: the same command resumes, recording into it
        Path out = tmp.resolve("interrupted");
        saveRunWithCheckpointOfOneEpoch(out);
        Path stats = out.resolve(TrainingStats.FILE);
        try (TrainingStats first = TrainingStats.open(stats, TrainingConfig.defaults(Preset.STRONG))) {
            first.iterationDone(new IterationMetrics(1, 1, 1, 1, new double[] {0.5, 0.5}, 1.0, 100));
        }
        Run resumed = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--out", out.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from " + out.resolve("checkpoint") + " (epoch 1)");
        FileStatsStorage recorded = new FileStatsStorage(stats.toFile());
        try {
            assertThat(recorded.listSessionIDs()).as("the first process's session and the resumed one's").hasSize(2);
        } finally {
            recorded.close();
        }
    }

    @Test
    void aCheckpointResumesButNotWithAnotherPresetOrOtherData() throws Exception {
        Path out = dir.resolve("models").resolve("interrupted");
        saveRunWithCheckpointOfOneEpoch(out);
        Map<String, String> before = TrainOutOfMemoryTest.contents(out);
        assertThat(before).containsKeys("run.json", "network.sdz", "checkpoint/checkpoint.json", "checkpoint/checkpoint-e1.sdz");
        Path checkpoint = out.resolve("checkpoint");

        Run seed = ModelCommandsTest.cli("train", data.toString(), "--preset", "seed", "--epochs", "2", "--batch", "16",
                "--out", out.toString());
        assertOneLine(seed, 1, "error: the checkpoint in " + checkpoint + " was started with preset strong, not seed:"
                + " give --preset strong to resume it, or choose another --out to train afresh");

        Path other = dir.resolve("other-data");
        ModelCommandsTest.writeDataset(other, 40, "xyzw", 2, 32, 16, 9);
        Run otherData = ModelCommandsTest.cli("train", other.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--input-size", "48x24", "--out", out.toString());
        // refused before "decoding": nothing on standard output at all
        assertOneLine(otherData, 1, "error: the checkpoint in " + checkpoint + " was started with input size 32x16, not 48x24;"
                + " alphabet xyz, not wxyz: resume it on the data and with the options it was started with,"
                + " or choose another --out to train afresh");
        assertThat(TrainOutOfMemoryTest.contents(out)).isEqualTo(before);

        // a checkpoint written before it recorded how its run started: the preset and shapes come from its network
        ObjectMapper json = new ObjectMapper();
        ObjectNode record = (ObjectNode) json.readTree(checkpoint.resolve(Checkpoint.JSON_FILE).toFile());
        record.remove(List.of("preset", "input_width", "input_height", "alphabet", "label_length", "classes"));
        Files.writeString(checkpoint.resolve(Checkpoint.JSON_FILE), json.writeValueAsString(record));
        assertThat(Checkpoint.read(checkpoint).preset()).isNull();
        assertOneLine(ModelCommandsTest.cli("train", data.toString(), "--preset", "attention", "--epochs", "2",
                "--out", out.toString()), 1, "error: the checkpoint in " + checkpoint + " was started with preset strong,"
                + " not attention: give --preset strong to resume it, or choose another --out to train afresh");
        assertOneLine(ModelCommandsTest.cli("train", other.toString(), "--preset", "strong", "--epochs", "2", "--out",
                out.toString()), 1, "error: the checkpoint in " + checkpoint + " was started with an alphabet of 3 characters,"
                + " not 4: resume it on the data and with the options it was started with, or choose another --out to train afresh");

        // the command it was started with resumes it (the README's "run the same command again")
        Run resumed = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--out", out.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from " + checkpoint + " (epoch 1)").contains("epoch   2");
        assertThat(ModelFolder.readInfo(out).finalMetrics()).containsEntry("epochs", 2);
        assertThat(checkpoint).doesNotExist();
    }

    /**
     * Labels corrected since the run started no longer use one of its characters: the same command resumes it with
     * the alphabet it was started with (the inferred one, "xy", would not fit its network), and says so.
     */
    @Test
    void aCheckpointResumesOnLabelsCorrectedAwayFromOneOfItsCharacters() throws Exception {
        Path out = dir.resolve("models").resolve("corrected-away");
        saveRunWithCheckpointOfOneEpoch(out);
        Path labels = dir.resolve("no-z.csv");
        StringBuilder csv = new StringBuilder("filename,label\n");
        try (var files = Files.list(data)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted()
                    .forEach(n -> csv.append(n).append(',').append(n.split("_")[0].replace('z', 'y')).append('\n'));
        }
        Files.writeString(labels, csv);

        Run resumed = ModelCommandsTest.cli("train", data.toString(), "--labels", labels.toString(), "--preset", "strong",
                "--epochs", "2", "--batch", "16", "--out", out.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("note: the labels no longer use z; the checkpoint's run keeps its alphabet xyz");
        assertThat(resumed.out()).contains("alphabet xyz (3)").contains("resuming from " + out.resolve("checkpoint") + " (epoch 1)");
        assertThat(ModelFolder.readInfo(out).alphabet()).isEqualTo("xyz");
        assertThat(ModelFolder.readInfo(out).finalMetrics()).containsEntry("epochs", 2);
    }

    @Test
    void initFromARunWhoseAlphabetLeavesOutTheLabelsSaysSo() throws Exception {
        Path base = dir.resolve("models").resolve("base-xyz");
        trainOneStrongEpoch(base);
        Path uvw = dir.resolve("uvw");
        ModelCommandsTest.writeDataset(uvw, 30, "uvw", 4);
        Path out = dir.resolve("models").resolve("from-xyz");
        assertOneLine(ModelCommandsTest.cli("train", uvw.toString(), "--preset", "strong", "--epochs", "1",
                "--init-from", base.toString(), "--out", out.toString()), 1,
                "error: --init-from " + base + " does not fit " + uvw + ": the dataset's labels use characters the model does not know: 'uvw'");
        assertThat(out).doesNotExist();

        // when only some labels fall outside the saved run's alphabet, the run goes on without them and says so
        Path mixed = dir.resolve("mixed");
        ModelCommandsTest.writeDataset(mixed, 40, "xyz", 5);
        ModelCommandsTest.writeDataset(mixed.resolve("more"), 3, "uv", 6);
        try (var files = Files.list(mixed.resolve("more"))) {
            for (Path f : files.toList()) {
                Files.move(f, mixed.resolve(f.getFileName().toString().replace("_", "_more")));
            }
        }
        Files.delete(mixed.resolve("more"));
        Path fromMixed = dir.resolve("models").resolve("from-mixed");
        Run partly = ModelCommandsTest.cli("train", mixed.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--init-from", base.toString(), "--out", fromMixed.toString());
        assertThat(partly.status()).as(partly.err()).isZero();
        assertThat(partly.err().lines().filter(l -> l.startsWith("note: ")).toList()).as(partly.err()).singleElement()
                .asString().startsWith("note: with the alphabet and length of --init-from " + base + ", 3 problems reading "
                        + mixed + " left images out: ")
                .contains("has characters outside the alphabet (").endsWith(" (and 2 more)");
        assertThat(ModelFolder.readInfo(fromMixed).alphabet()).isEqualTo("xyz");

        Path empty = Files.createDirectories(dir.resolve("unlabelled"));
        ModelCommandsTest.writeDataset(empty, 5, "xy", 5);
        try (var files = Files.list(empty)) {
            for (Path f : files.toList()) {
                Files.move(f, f.resolveSibling("_" + f.getFileName()));
            }
        }
        Run none = ModelCommandsTest.cli("train", empty.toString(), "--preset", "strong", "--epochs", "1", "--out", out.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err().lines().toList()).as("why there are none, then the error").hasSize(2);
        assertThat(none.err().lines().toList().get(0)).startsWith("note: 5 problems reading " + empty + " left images out: _")
                .endsWith(".png: empty label (and 4 more)");
        assertThat(none.err().lines().toList().get(1)).isEqualTo("error: " + empty + " has no labelled training images");
    }

    @Test
    void aTimeLimitThatEndsBeforeTheFirstEpochSavesNothingAndTheSameCommandRunsAgain(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("too-short");
        String[] command = {"train", data.toString(), "--preset", "seed", "--epochs", "2", "--batch", "8",
            "--time-limit", "1ms", "--out", out.toString()};
        // one minibatch takes far longer than a millisecond, so no epoch can end within the limit
        for (int attempt = 0; attempt < 2; attempt++) {
            Run r = ModelCommandsTest.cli(command);
            assertThat(r.status()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo(
                    "error: no epoch finished within the time limit, so nothing was saved; give a longer --time-limit");
            assertThat(out).as("nothing of the attempt is left, not even its statistics file").doesNotExist();
        }
    }

    @Test
    void aDatasetWithoutValidationImagesIsRefused(@TempDir Path tmp) throws Exception {
        Path few = tmp.resolve("few");
        ModelCommandsTest.writeDataset(few, 2, "xyz", 11);
        Path out = tmp.resolve("out");
        Run r = ModelCommandsTest.cli("train", few.toString(), "--preset", "seed", "--epochs", "1", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: " + few + " has no validation images (").endsWith(
                " test): training is judged on them; label more images (a tenth of them go to validation)");
        assertThat(out).doesNotExist();

        // when problems left most images out, the note saying so comes with the refusal (it was not printed)
        for (int i = 0; i < 20; i++) {
            Files.writeString(few.resolve("xy_" + (100 + i) + ".png"), "not a png");
        }
        Run left = ModelCommandsTest.cli("train", few.toString(), "--preset", "seed", "--epochs", "1", "--out", out.toString());
        assertThat(left.status()).as(left.err()).isEqualTo(1);
        assertThat(left.err().strip().lines().toList()).as(left.err()).hasSize(2).satisfiesExactly(
                note -> assertThat(note).startsWith("note: 20 problems reading " + few + " left images out: xy_1"),
                error -> assertThat(error).startsWith("error: " + few + " has no validation images ("));
        assertThat(out).doesNotExist();
    }

    @Test
    void aDamagedCheckpointOrStartingRunIsNamedWithTheWayOutAndLeavesNoTrace(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("interrupted");
        saveRunWithCheckpointOfOneEpoch(out);
        Path checkpoint = out.resolve("checkpoint");
        Path net = checkpoint.resolve("checkpoint-e1.sdz");
        byte[] whole = Files.readAllBytes(net);
        Files.write(net, java.util.Arrays.copyOf(whole, whole.length / 3));
        Map<String, String> before = TrainOutOfMemoryTest.contents(out);
        Run r = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--out", out.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).containsExactly("error: cannot resume the checkpoint in "
                + checkpoint + ": checkpoint-e1.sdz is not a readable SameDiff network (the file is damaged or cut short);"
                + " choose another --out, or delete " + out + " to train afresh");
        assertThat(r.out()).as("reported before any image is decoded").doesNotContain("decoding");
        assertThat(TrainOutOfMemoryTest.contents(out)).isEqualTo(before);
        Files.delete(net);
        Run missing = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--out", out.toString());
        assertThat(missing.err()).contains("checkpoint-e1.sdz is not a readable SameDiff network (the file is missing)");

        // the record itself, empty or cut short: one line in words, not the JSON parser's
        Path record = checkpoint.resolve(Checkpoint.JSON_FILE);
        String json = Files.readString(record);
        Files.writeString(record, json.substring(0, json.length() / 2));
        Run cut = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--out", out.toString());
        assertThat(cut.status()).isEqualTo(1);
        assertThat(cut.err().lines().toList()).containsExactly("error: cannot read checkpoint " + record + ": the file is"
                + " damaged or cut short; choose another --out, or delete " + out + " to train afresh");
        Files.writeString(record, "");
        assertThat(ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--out", out.toString()).err())
                .contains(": the file is empty; choose another --out");

        // a run to start from whose network is cut short: named with its folder, and --out is left as it was (absent)
        Path base = tmp.resolve("base");
        saveRunWithCheckpointOfOneEpoch(base);
        Path baseNet = base.resolve(ModelFolder.NETWORK);
        Files.write(baseNet, java.util.Arrays.copyOf(Files.readAllBytes(baseNet), 100));
        Path fresh = tmp.resolve("fresh");
        Run init = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--init-from", base.toString(), "--out", fresh.toString());
        assertThat(init.status()).as(init.err()).isEqualTo(1);
        assertThat(init.err().lines().toList()).containsExactly("error: cannot start from " + base
                + ": network.sdz is not a readable SameDiff network (the file is damaged or cut short)");
        assertThat(fresh).doesNotExist();
    }

    /** A finished one-epoch `strong` run of the test data in {@code out}, trained by the command line. */
    private static void trainOneStrongEpoch(Path out) {
        Run first = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--out", out.toString());
        assertThat(first.status()).as(first.err()).isZero();
    }

    /** What a run stopped at its time limit after one epoch leaves: its run.json and network, and its checkpoint. */
    @Test
    void resumingWithATimeLimitAlreadyUsedUpSaysNoEpochWillBeTrained(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("timed-out");
        saveRunWithCheckpointOfOneEpoch(out);
        Run r = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "3", "--batch", "16",
                "--time-limit", "1ms", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("note: this run has already trained for ", ", all of its --time-limit of 0.0 s",
                "so no epoch will be trained; give a larger --time-limit to train on");
        assertThat(r.out()).contains("time limit reached at epoch 2, minibatch 0").doesNotContain("epoch   2  train");
        // a limit it has not used up: no such note
        Run more = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "2", "--batch", "16",
                "--time-limit", "10m", "--out", out.toString());
        assertThat(more.status()).as(more.err()).isZero();
        assertThat(more.err()).doesNotContain("no epoch will be trained");
        // a checkpoint of its last epoch (1 of 1), as a process killed before saving leaves it: a larger limit would
        // not train any more, so the note would mislead
        Path last = tmp.resolve("last-epoch");
        saveRunWithCheckpointOfOneEpoch(last);
        Run done = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "16",
                "--time-limit", "1ms", "--out", last.toString());
        assertThat(done.status()).as(done.err()).isZero();
        assertThat(done.err()).doesNotContain("--time-limit");
    }

    @Test
    void durationsAreShownInSecondsThenMinutes() {
        assertThat(TrainCommand.duration(3.25)).isEqualTo("3.3 s");
        assertThat(TrainCommand.duration(119.9)).isEqualTo("119.9 s");
        assertThat(TrainCommand.duration(150)).isEqualTo("2.5 min");
    }

    private static void saveRunWithCheckpointOfOneEpoch(Path out) throws Exception {
        SplitData sd = SplitData.load(data, new DatasetArgs());
        TrainingData td = TrainingData.of(sd.dataset(), sd.split(), new ImageCache(sd.dataset().root(), sd.dataset().inputSize()));
        TrainingConfig config = TrainingConfig.defaults(Preset.STRONG).withEpochs(1).withBatchSize(16);
        TrainingResult r = new TrainingJob(config, td, td.spec(Preset.STRONG), out.resolve("checkpoint")).run();
        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(r.message()).as("not 'all 1 epochs done'").isEqualTo("1 epoch done");
        RunWriter.save(out, r, config, td, new RunWriter.Provenance(data.toString(), sd.dataset().fingerprint(),
                sd.split().seed(), sd.dataset().caseRule()), Map.of());
    }
}
