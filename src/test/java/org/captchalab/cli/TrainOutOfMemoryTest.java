package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.captchalab.ChildJvm;
import org.captchalab.Launcher;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Preset;
import org.captchalab.training.Checkpoint;
import org.captchalab.training.RunWriter;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingData;
import org.captchalab.training.TrainingJob;
import org.captchalab.training.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with a minibatch that does not fit in memory, for real: the command runs in a child JVM
 * (the real {@link Launcher}) whose ND4J native memory is capped at 40 MiB, resuming a checkpoint with a
 * batch of 64 images at 128x64, whose first convolution alone needs 64 MiB. The user must get one line that
 * says to lower the batch size, exit status 1, no stack trace, and everything saved before must survive
 * byte for byte: the previous run's files, and the checkpoint, which a smaller batch then resumes.
 */
class TrainOutOfMemoryTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    Path dir;

    @Test
    void aBatchTooBigForMemoryIsOneLineAndLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        ModelCommandsTest.writeDataset(data, 80, "xyz", 3);
        Path model = dir.resolve("models").resolve("run");
        saveRunAndCheckpointOfOneEpoch(data, model);
        Map<String, String> before = contents(model);
        assertThat(before).containsKeys("network.sdz", "run.json", "metrics.csv", "checkpoint/checkpoint.json",
                "checkpoint/checkpoint-e1.sdz", "checkpoint/best-e1.sdz");

        Path scratch = dir.resolve("child");
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Xmx1g", "-Dcaptchalab.nativememory=40m"), Launcher.class,
                List.of("train", data.toString(), "--preset", "strong", "--epochs", "3", "--batch", "64",
                        "--input-size", "128x64", "--out", model.toString()), 300);

        assertThat(r.exitStatus()).as(r.err() + r.out()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: too little memory for a batch of 64 images: lower the batch size;"
                + " the checkpoint after epoch 1 is kept");
        assertThat(r.out()).contains("resuming from");
        for (String printed : List.of(r.out(), r.err())) {
            assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SIGSEGV");
        }
        assertThat(ChildJvm.log(scratch)).as("the real failure is ND4J refusing a native allocation")
                .contains("Allocation failed: [Requested amount exceeds HOST device limits");
        Map<String, String> after = contents(model);
        assertThat(after).containsAllEntriesOf(before);
        assertThat(after.keySet()).noneMatch(f -> f.endsWith(".tmp"));

        ModelCommandsTest.Run resumed = ModelCommandsTest.cli("train", data.toString(), "--preset", "strong",
                "--epochs", "2", "--batch", "16", "--input-size", "128x64", "--out", model.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from " + model.resolve("checkpoint") + " (epoch 1)");
        assertThat(ModelFolder.readInfo(model).finalMetrics()).containsEntry("epochs", 2);

        // one image does not fit: there is no smaller batch to advise, the input size is what to lower
        Path big = dir.resolve("models").resolve("big");
        ChildJvm.Result one = ChildJvm.run(dir.resolve("child-one"), List.of("-Xmx1g", "-Dcaptchalab.nativememory=40m"),
                Launcher.class, List.of("train", data.toString(), "--preset", "strong", "--epochs", "1", "--batch", "1",
                        "--input-size", "1024x1024", "--out", big.toString()), 300);
        assertThat(one.exitStatus()).as(one.err() + one.out()).isEqualTo(1);
        assertThat(one.err().strip()).isEqualTo("error: too little memory for one image of 1024x1024: train at a smaller"
                + " input size");
        assertThat(big).as("nothing of the attempt is left").doesNotExist();
    }

    /**
     * What an earlier session left in MODEL_DIR: a saved run, and the checkpoint of a longer run interrupted
     * after its first epoch (as {@code train} keeps it).
     */
    private static void saveRunAndCheckpointOfOneEpoch(Path data, Path model) throws Exception {
        DatasetArgs args = new DatasetArgs();
        args.inputSize = "128x64";
        SplitData sd = SplitData.load(data, args);
        TrainingData td = TrainingData.of(sd.dataset(), sd.split(), new ImageCache(sd.dataset().root(), new ImageSize(128, 64)));
        TrainingConfig config = TrainingConfig.defaults(Preset.STRONG).withEpochs(1).withBatchSize(16);
        TrainingResult r = new TrainingJob(config, td, td.spec(Preset.STRONG), model.resolve("checkpoint")).run();
        assertThat(r.succeeded()).as(r.message()).isTrue();
        assertThat(Checkpoint.read(model.resolve("checkpoint")).epoch()).isEqualTo(1);
        RunWriter.save(model, r, config, td, new RunWriter.Provenance(data.toString(), sd.dataset().fingerprint(),
                sd.split().seed(), sd.dataset().caseRule()), Map.of());
    }

    /** Every file under a folder (relative path) with the SHA-256 of its bytes. */
    static Map<String, String> contents(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
                out.put(folder.relativize(f).toString().replace('\\', '/'), HexFormat.of().formatHex(hash));
            }
        }
        return out;
    }
}
