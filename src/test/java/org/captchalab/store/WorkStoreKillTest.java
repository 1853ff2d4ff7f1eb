package org.captchalab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.captchalab.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: a child JVM writes edits through the work store and prints an acknowledgement
 * after each commit; this test kills it with SIGKILL at random moments, many times, reopens the store each
 * time and checks that every acknowledged edit (and prediction batch) is there and the database is sound.
 */
class WorkStoreKillTest {

    private static final int ROUNDS = 20;
    private static final int PATHS = 25;

    @TempDir
    Path dataset;

    @Test
    void everyAcknowledgedEditSurvivesKillMinus9() throws Exception {
        Random random = new Random(20240229L);
        Map<String, String> expected = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "r" + round;
            Process child = startChild(prefix);
            try {
                verifyRound(child, prefix, round, random, expected);
            } finally {
                child.destroyForcibly();
            }
        }
        assertThat(totalAcks[0]).isGreaterThan(ROUNDS);
    }

    /** Acknowledged edits over all rounds. */
    private final int[] totalAcks = {0};

    private void verifyRound(Process child, String prefix, int round, Random random, Map<String, String> expected)
            throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(child, lines));
        reader.start();
        assertThat(lines.poll(60, TimeUnit.SECONDS)).as("child started").isEqualTo("READY");
        int killAfter = 1 + random.nextInt(40);
        List<String> seen = new ArrayList<>();
        while (count(seen, "ACK ") < killAfter) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("child still writing (round %d)", round).isNotNull();
            seen.add(line);
        }
        // Land the kill at a random point inside the next few writes, not right after an acknowledgement.
        long spinUntil = System.nanoTime() + random.nextInt(3_000_000);
        while (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        }
        // SIGKILL through the process handle: Process.destroyForcibly would also close our end of the pipe and
        // drop acknowledgements the child had already written.
        assertThat(child.toHandle().destroyForcibly()).isTrue();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        reader.join(10_000);
        lines.drainTo(seen);

        int lastAck = -1;
        Set<Integer> predAcks = new HashSet<>();
        for (String line : seen) {
            if (!line.endsWith(" OK")) {
                continue; // cut short by the kill: not an acknowledgement
            }
            line = line.substring(0, line.length() - 3);
            if (line.startsWith("ACK ")) {
                int n = Integer.parseInt(line.substring(4));
                assertThat(n).isEqualTo(lastAck + 1);
                lastAck = n;
                expected.put(StoreWriterChild.path(n, PATHS), StoreWriterChild.label(prefix, n));
            } else if (line.startsWith("PRED ")) {
                predAcks.add(Integer.parseInt(line.substring(5)));
            }
        }
        totalAcks[0] += lastAck + 1;
        try (WorkStore store = WorkStore.open(dataset)) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
            String inFlightPath = StoreWriterChild.path(lastAck + 1, PATHS);
            String inFlightLabel = StoreWriterChild.label(prefix, lastAck + 1);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String actual = store.label(e.getKey());
                if (e.getKey().equals(inFlightPath)) {
                    assertThat(actual).isIn(e.getValue(), inFlightLabel);
                } else {
                    assertThat(actual).as("round %d, %s", round, e.getKey()).isEqualTo(e.getValue());
                }
            }
            Set<String> historyLabels = new HashSet<>();
            store.history().forEach(h -> historyLabels.add(h.newLabel()));
            for (int n = 0; n <= lastAck; n++) {
                assertThat(historyLabels).contains(StoreWriterChild.label(prefix, n));
            }
            for (int n : predAcks) {
                assertThat(store.predictions(prefix + "-" + n)).hasSize(50);
            }
            // The in-flight edit may or may not have committed; from now on the store is the truth for it.
            expected.put(inFlightPath, store.label(inFlightPath));
        }
    }

    private Process startChild(String prefix) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.javaExecutable(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dcaptchalab.logdir=" + dataset.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                StoreWriterChild.class.getName(), dataset.toString(), prefix, Integer.toString(PATHS));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static void readLines(Process child, LinkedBlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            // the child was killed mid-line: the partial line is not an acknowledgement
        }
    }

    private static int count(List<String> lines, String prefix) {
        return (int) lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
