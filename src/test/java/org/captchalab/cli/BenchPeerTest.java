package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.cli.ModelCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --peer}: our figures and a peer script's, run in turn, with the ratios. The peer here is a shell script
 * standing in for the PyTorch one: it prints a line of its own, then its figures and the allocator setting it saw.
 */
class BenchPeerTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        return Files.writeString(dir.resolve(name), body);
    }

    @Test
    void eachRoundRunsThePeerWithBothAllocatorSettingsAndReportsRatios() throws Exception {
        Path peer = script("peer.sh", """
                echo "progress: measuring" >&2
                echo '{"batch": 64, "channels_last": false}'
                echo "{\\"train_img_s\\": 125.0, \\"infer_img_s\\": 500.0, \\"mmap\\": \\"${MALLOC_MMAP_THRESHOLD_:-unset}\\"}"
                """);
        Run r = ModelCommandsTest.cli("bench", "--json", "--batch", "8", "--seconds", "0.1", "--warmup", "0", "--rounds", "3",
                "--peer", peer.toString(), "--peer-python", "/bin/sh");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        // the rounds are shown on standard error as they finish; standard output is the JSON alone
        assertThat(r.err()).contains("round 1 of 3").contains("round 3 of 3").contains("peer with our allocator settings");
        assertThat(j.get("rounds_measured").asInt()).isEqualTo(3);
        assertThat(j.get("rounds")).hasSize(3);
        List<Double> trainRatios = new ArrayList<>();
        List<Double> trains = new ArrayList<>();
        for (JsonNode round : j.get("rounds")) {
            double train = round.get("train_img_s").asDouble();
            double infer = round.get("infer_img_s").asDouble();
            assertThat(train).isPositive();
            trains.add(train);
            JsonNode plain = round.get("peer_default_malloc");
            JsonNode tuned = round.get("peer_tuned_malloc");
            // the peer saw glibc's defaults in one run, this program's settings in the other
            assertThat(plain.get("output").get("mmap").asText()).isEqualTo("unset");
            assertThat(tuned.get("output").get("mmap").asText()).isEqualTo(String.valueOf(32L << 20));
            assertThat(plain.get("train_img_s").asDouble()).isEqualTo(125.0);
            assertThat(plain.get("infer_img_s").asDouble()).isEqualTo(500.0);
            // ours over the peer's, to two decimals (ours is rounded to one decimal in the JSON)
            assertThat(plain.get("train_ratio").asDouble()).isCloseTo(train / 125.0, within(0.006));
            assertThat(plain.get("infer_ratio").asDouble()).isCloseTo(infer / 500.0, within(0.006));
            trainRatios.add(plain.get("train_ratio").asDouble());
        }
        trains.sort(null);
        trainRatios.sort(null);
        assertThat(j.get("train_img_s").asDouble()).isEqualTo(trains.get(1));
        assertThat(j.get("peer_default_malloc_median").get("train_ratio").asDouble())
                .isCloseTo(trainRatios.get(1), within(0.006));
        assertThat(j.get("peer_tuned_malloc_median").get("infer_img_s").asDouble()).isEqualTo(500.0);
    }

    @Test
    void textOutputShowsEachRoundAndTheMedianRatios() throws Exception {
        Path peer = script("peer.sh", "echo '{\"train_img_s\": 50, \"infer_img_s\": 80}'\n");
        Run r = ModelCommandsTest.cli("bench", "--batch", "8", "--seconds", "0.1", "--warmup", "0", "--rounds", "2",
                "--peer", peer.toString(), "--peer-python", "/bin/sh", "--peer-malloc", "default");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("round 1 of 2").contains("round 2 of 2").contains("medians of 2 rounds")
                .contains("peer with glibc's allocator defaults: 50.0 / 80.0")
                .contains("against the peer with glibc's allocator defaults: training ")
                .doesNotContain("our allocator settings");
    }

    @Test
    void aFailingOrSilentPeerStopsWithOneLineNamingIt() throws Exception {
        Path failing = script("failing.sh", "echo 'Traceback (most recent call last):' >&2\n"
                + "echo 'ModuleNotFoundError: No module named torch' >&2\nexit 3\n");
        Run r = ModelCommandsTest.cli("bench", "--batch", "8", "--seconds", "0.1", "--warmup", "0", "--peer", failing.toString(),
                "--peer-python", "/bin/sh");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + failing + ": exited with status 3: ModuleNotFoundError: No"
                + " module named torch");

        Path silent = script("silent.sh", "echo 'nothing to report'\necho '{\"train_img_s\": \"fast\"}'\n");
        r = ModelCommandsTest.cli("bench", "--batch", "8", "--seconds", "0.1", "--warmup", "0", "--peer", silent.toString(),
                "--peer-python", "/bin/sh");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + silent
                + ": printed no JSON line with train_img_s and infer_img_s");
    }

    @Test
    void aMissingScriptOrInterpreterIsRefusedBeforeMeasuring() throws Exception {
        Path missing = dir.resolve("no-such-peer.py");
        Run r = ModelCommandsTest.cli("bench", "--seconds", "30", "--peer", missing.toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + missing + ": no such peer script");
        assertThat(r.out()).isEmpty();

        Path peer = script("peer.sh", "echo '{\"train_img_s\": 1, \"infer_img_s\": 1}'\n");
        r = ModelCommandsTest.cli("bench", "--batch", "8", "--seconds", "0.1", "--warmup", "0", "--peer", peer.toString(),
                "--peer-python", dir.resolve("no-python").toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).startsWith("error: " + dir.resolve("no-python") + ": cannot run it")
                .endsWith("apt-get install -y python3-torch").doesNotContain("\n");

        r = ModelCommandsTest.cli("bench", "--peer", peer.toString(), "--peer-malloc", "sometimes");
        assertThat(r.err().strip()).isEqualTo("error: --peer-malloc must be default, tuned or both, not sometimes");
        r = ModelCommandsTest.cli("bench", "--rounds", "0");
        assertThat(r.err().strip()).isEqualTo("error: --rounds must be at least 1, not 0");
    }
}
