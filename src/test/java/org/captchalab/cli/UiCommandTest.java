package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.model.Preset;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ui MODEL_DIR}: what it says about a run it cannot show. */
class UiCommandTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** A run folder whose statistics file holds three recorded iterations. */
    static Path recordedRun(Path folder) {
        try (TrainingStats stats = TrainingStats.open(folder.resolve(TrainingStats.FILE), TrainingConfig.defaults(Preset.SEED))) {
            for (int i = 1; i <= 3; i++) {
                stats.iterationDone(new IterationMetrics(1, i, i, 3, new double[] {1, 2}, 3.0 / i, 100));
            }
        }
        return folder;
    }

    static Path runWithStats(Path folder, byte[] content) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(TrainingStats.FILE), content);
        return folder;
    }

    static void assertOneErrorLine(Run r, String line) {
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: " + line + System.lineSeparator());
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFolderThatIsNotThereIsNamedAsSuch() {
        Path missing = dir.resolve("no-such-run");
        assertOneErrorLine(cli("ui", missing.toString()), missing + ": no such folder");
    }

    @Test
    void aFileGivenForTheFolderIsNamedAsSuch() throws IOException {
        Path file = Files.writeString(dir.resolve("run.json"), "{}");
        assertOneErrorLine(cli("ui", file.toString()),
                file + ": not a folder (give the run's folder, which holds dl4j-stats.bin)");
    }

    @Test
    void aRunWithoutStatisticsSaysSo() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        assertOneErrorLine(cli("ui", run.toString()), run + " has no dl4j-stats.bin (runs record it while training)");
    }

    @Test
    void anEmptyStatisticsFileIsNamedWithItsReason() throws IOException {
        Path run = runWithStats(dir.resolve("empty"), new byte[0]);
        assertOneErrorLine(cli("ui", run.toString()),
                run.resolve(TrainingStats.FILE) + " is not a readable DL4J statistics file (empty)");
    }

    @Test
    void aTruncatedStatisticsFileIsNamedWithItsReasonAndLeftAsItWas() throws IOException {
        Path whole = recordedRun(Files.createDirectories(dir.resolve("whole")));
        byte[] all = Files.readAllBytes(whole.resolve(TrainingStats.FILE));
        byte[] start = Arrays.copyOf(all, 1000);
        Path run = runWithStats(dir.resolve("truncated"), start);

        assertOneErrorLine(cli("ui", run.toString()),
                run.resolve(TrainingStats.FILE) + " is not a readable DL4J statistics file (truncated)");
        assertThat(Files.readAllBytes(run.resolve(TrainingStats.FILE))).isEqualTo(start);
    }

    @Test
    void randomBytesAreNamedWithTheirReason() throws IOException {
        byte[] few = new byte[5000];
        new Random(1).nextBytes(few);
        Path small = runWithStats(dir.resolve("random-small"), few);
        assertOneErrorLine(cli("ui", small.toString()),
                small.resolve(TrainingStats.FILE) + " is not a readable DL4J statistics file (truncated)");

        byte[] many = new byte[1 << 20];
        new Random(2).nextBytes(many);
        Path large = runWithStats(dir.resolve("random-large"), many);
        assertOneErrorLine(cli("ui", large.toString()),
                large.resolve(TrainingStats.FILE) + " is not a readable DL4J statistics file (not in the format DL4J writes)");
    }
}
