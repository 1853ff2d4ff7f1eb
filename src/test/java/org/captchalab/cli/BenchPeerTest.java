package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.cli.ModelCommandsTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    /**
     * A peer whose figures tell its runs apart: 100 + 10 n training and 400 + 10 n inference on its n-th run with
     * glibc's defaults, 1000 + 10 n and 4000 + 10 n with the launcher's settings.
     */
    private Path countingPeer() throws Exception {
        Path count = dir.resolve("count");
        return script("peer.sh", """
                echo "progress: measuring" >&2
                n=$(cat '%1$s' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '%1$s'
                if [ -n "$MALLOC_MMAP_THRESHOLD_" ]; then base=1000; else base=100; fi
                echo '{"batch": 64, "channels_last": false}'
                echo "{\\"train_img_s\\": $((base + 10 * n)), \\"infer_img_s\\": $((4 * base + 10 * n)), \\
                \\"mmap\\": \\"${MALLOC_MMAP_THRESHOLD_:-unset}\\", \\"run\\": $n}"
                """.formatted(count));
    }

    private static Run bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "--batch", "8", "--seconds", "0.1", "--warmup", "0"));
        all.addAll(List.of(args));
        return ModelCommandsTest.cli(all.toArray(String[]::new));
    }

    @Test
    void eachRoundRunsThePeerWithBothAllocatorSettingsTakingTurnsAndReportsRatiosAndMedians() throws Exception {
        Path peer = countingPeer();
        Run r = bench("--json", "--rounds", "3", "--peer", peer.toString(), "--peer-python", "/bin/sh");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().strip()).doesNotContain("\n");
        JsonNode j = new ObjectMapper().readTree(r.out());
        // the rounds are shown on standard error as they finish; standard output is the JSON alone
        assertThat(r.err()).contains("round 1 of 3").contains("round 3 of 3")
                .contains("peer with the launcher's allocator settings");
        assertThat(j.get("rounds_measured").asInt()).isEqualTo(3);
        assertThat(j.get("rounds")).hasSize(3);
        // runs 1-6: defaults first in rounds 1 and 3, the launcher's settings first in round 2
        int[][] runs = {{1, 2}, {4, 3}, {5, 6}};
        List<Double> trains = new ArrayList<>();
        List<Double> inferRatios = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode round = j.get("rounds").get(i);
            double train = round.get("train_img_s").asDouble();
            double infer = round.get("infer_img_s").asDouble();
            assertThat(train).isPositive();
            trains.add(train);
            JsonNode plain = round.get("peer_default_malloc");
            JsonNode tuned = round.get("peer_tuned_malloc");
            assertThat(plain.get("output").get("run").asInt()).isEqualTo(runs[i][0]);
            assertThat(tuned.get("output").get("run").asInt()).isEqualTo(runs[i][1]);
            assertThat(plain.get("output").get("mmap").asText()).isEqualTo("unset");
            assertThat(tuned.get("output").get("mmap").asText()).isNotEqualTo("unset");
            double plainTrain = 100 + 10 * runs[i][0];
            double tunedInfer = 4000 + 10 * runs[i][1];
            assertThat(plain.get("train_img_s").asDouble()).isEqualTo(plainTrain);
            assertThat(tuned.get("infer_img_s").asDouble()).isEqualTo(tunedInfer);
            // ours over the peer's, to two decimals (ours is rounded to one decimal in the JSON)
            assertThat(plain.get("train_ratio").asDouble()).isCloseTo(train / plainTrain, within(0.006));
            assertThat(tuned.get("infer_ratio").asDouble()).isCloseTo(infer / tunedInfer, within(0.006));
            inferRatios.add(infer / tunedInfer);
        }
        trains.sort(null);
        inferRatios.sort(null);
        assertThat(j.get("train_img_s").asDouble()).isEqualTo(trains.get(1));
        // the peer's medians: runs 1, 4, 5 with defaults, 2, 3, 6 with the launcher's settings
        assertThat(j.get("peer_default_malloc_median").get("train_img_s").asDouble()).isEqualTo(140.0);
        assertThat(j.get("peer_default_malloc_median").get("infer_img_s").asDouble()).isEqualTo(440.0);
        assertThat(j.get("peer_tuned_malloc_median").get("train_img_s").asDouble()).isEqualTo(1030.0);
        assertThat(j.get("peer_tuned_malloc_median").get("infer_img_s").asDouble()).isEqualTo(4030.0);
        // the median of the rounds' ratios
        assertThat(j.get("peer_tuned_malloc_median").get("infer_ratio").asDouble())
                .isCloseTo(inferRatios.get(1), within(0.006));
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() throws Exception {
        Run r = bench("--json", "--rounds", "2", "--peer", countingPeer().toString(), "--peer-python", "/bin/sh",
                "--peer-malloc", "default");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("peer_default_malloc_median").get("train_img_s").asDouble()).isEqualTo(115.0);
        assertThat(j.get("peer_default_malloc_median").get("infer_img_s").asDouble()).isEqualTo(415.0);
        assertThat(j.has("peer_tuned_malloc_median")).isFalse();
        double a = j.get("rounds").get(0).get("train_img_s").asDouble();
        double b = j.get("rounds").get(1).get("train_img_s").asDouble();
        assertThat(j.get("train_img_s").asDouble()).isCloseTo((a + b) / 2, within(0.051));
    }

    @Test
    void textOutputShowsEachRoundAndTheMedianRatios() throws Exception {
        Path peer = script("peer.sh", "echo '{\"train_img_s\": 50, \"infer_img_s\": 80}'\n");
        Run r = bench("--rounds", "2", "--peer", peer.toString(), "--peer-python", "/bin/sh", "--peer-malloc", "default");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("round 1 of 2").contains("round 2 of 2").contains("medians of 2 rounds")
                .contains("peer with glibc's allocator defaults: 50.0 / 80.0")
                .containsPattern("against the peer with glibc's allocator defaults: training \\d+\\.\\d\\dx, inference"
                        + " \\d+\\.\\d\\dx \\(the median of the rounds' ratios\\)")
                .doesNotContain("launcher's allocator settings");
    }

    @Test
    void theLaunchersSettingsAreThisProcesssOwnWhereItHasThem() {
        Map<String, String> tuned = PeerBench.environment(PeerBench.Malloc.TUNED, Map.of("MALLOC_TOP_PAD_", "123"));
        assertThat(tuned).containsEntry("MALLOC_TOP_PAD_", "123")
                .containsEntry("MALLOC_MMAP_THRESHOLD_", String.valueOf(32L << 20))
                .containsEntry("MALLOC_TRIM_THRESHOLD_", String.valueOf(1L << 30));
        Map<String, String> plain = PeerBench.environment(PeerBench.Malloc.DEFAULT, Map.of("MALLOC_TOP_PAD_", "123"));
        assertThat(plain).containsOnlyKeys("MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");
        assertThat(plain.values()).containsOnlyNulls();
    }

    @Test
    void aPeerThatTakesTooLongIsStoppedWithOneLine() throws Exception {
        Path pid = dir.resolve("pid");
        Path slow = script("slow.sh", "echo $$ > '" + pid + "'\nexec sleep 120\n");
        Run r = bench("--peer", slow.toString(), "--peer-python", "/bin/sh", "--peer-timeout", "2");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + slow + ": no result within 2 seconds");
        long child = Long.parseLong(Files.readString(pid).strip());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aFailingOrSilentPeerStopsWithOneLineNamingIt() throws Exception {
        Path failing = script("failing.sh", "echo 'Traceback (most recent call last):' >&2\n"
                + "echo 'ModuleNotFoundError: No module named torch' >&2\nexit 3\n");
        Run r = bench("--peer", failing.toString(), "--peer-python", "/bin/sh");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + failing + ": exited with status 3: ModuleNotFoundError: No"
                + " module named torch");

        Path silent = script("silent.sh", "echo 'nothing to report'\necho '{\"train_img_s\": \"fast\"}'\n");
        r = bench("--peer", silent.toString(), "--peer-python", "/bin/sh");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + silent
                + ": printed no JSON line with train_img_s and infer_img_s");

        Path zero = script("zero.sh", "echo '{\"train_img_s\": 0, \"infer_img_s\": 80}'\n");
        r = bench("--peer", zero.toString(), "--peer-python", "/bin/sh");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + zero + ": reported 0.0 / 80.0 images/second; both must be"
                + " positive");
    }

    /** Refused before anything is measured: a measurement of 600 seconds would overrun the test's timeout. */
    @Test
    @Timeout(60)
    void aMissingScriptOrInterpreterIsRefusedBeforeMeasuring() throws Exception {
        Path missing = dir.resolve("no-such-peer.py");
        Run r = ModelCommandsTest.cli("bench", "--seconds", "600", "--peer", missing.toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + missing + ": no such peer script");
        assertThat(r.out()).isEmpty();

        Path peer = script("peer.sh", "echo '{\"train_img_s\": 1, \"infer_img_s\": 1}'\n");
        Path noPython = dir.resolve("no-python");
        r = ModelCommandsTest.cli("bench", "--seconds", "600", "--peer", peer.toString(), "--peer-python",
                noPython.toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("error: " + noPython + ": no such program; for the PyTorch peer:"
                + " apt-get install -y python3-torch");
        r = ModelCommandsTest.cli("bench", "--seconds", "600", "--peer", peer.toString(), "--peer-python",
                "no-such-python-on-the-path");
        assertThat(r.err().strip()).startsWith("error: no-such-python-on-the-path: no such program;");

        r = ModelCommandsTest.cli("bench", "--seconds", "600", "--peer", peer.toString(), "--peer-malloc", "sometimes");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --peer-malloc must be default, tuned or both (got sometimes)");
        r = ModelCommandsTest.cli("bench", "--seconds", "600", "--rounds", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: --rounds must be at least 1 (got 0)");
    }
}
