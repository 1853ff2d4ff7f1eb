package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.captchalab.cli.ModelCommandsTest.cli;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.cli.ModelCommandsTest.Run;
import org.captchalab.model.Preset;
import org.captchalab.training.Dashboard;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingStats;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ui MODEL_DIR}: where it listens, and what it says about a run it cannot show. A {@code ui} that starts
 * serves until interrupted, so each test has a time limit (JUnit interrupts it then).
 */
@Timeout(180)
class UiCommandTest {

    static {
        Nd4jTestSupport.init();
    }

    @TempDir
    Path dir;

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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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

    @Test
    void aCacheFolderVertxCannotMakeIsNamedInsteadOfThePort() throws Exception {
        Path run = recordedRun(Files.createDirectories(dir.resolve("run")));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path cache = file.resolve("vertx-cache");
        withVertxCache(cache, () -> assertOneErrorLine(cli("ui", run.toString(), "--port", String.valueOf(freePort())),
                "cannot create Vert.x's cache folder " + cache + ": part of its path is a file, not a folder"
                        + " (-Dvertx.cacheDirBase=FOLDER chooses another)"));
    }

    interface Check {
        void run() throws Exception;
    }

    /** Runs the check with Vert.x's cache folder set (as {@code -Dvertx.cacheDirBase=...} would). */
    static void withVertxCache(Path folder, Check check) throws Exception {
        String before = System.getProperty("vertx.cacheDirBase");
        System.setProperty("vertx.cacheDirBase", folder.toString());
        try {
            check.run();
        } finally {
            if (before == null) {
                System.clearProperty("vertx.cacheDirBase");
            } else {
                System.setProperty("vertx.cacheDirBase", before);
            }
        }
    }

    @Test
    void aPortAnotherProgramHoldsIsNamed() throws IOException {
        Path run = recordedRun(Files.createDirectories(dir.resolve("run")));
        try (ServerSocket other = new ServerSocket(0)) {
            int port = other.getLocalPort();
            assertOneErrorLine(cli("ui", run.toString(), "--port", String.valueOf(port)),
                    "port " + port + " is in use by another program (choose another with --port)");
        }
    }

    @Test
    void theDashboardListensOnLoopbackOnly() throws Exception {
        assumeThat(Path.of("/proc/net/tcp")).as("Linux's table of sockets").isReadable();
        Path run = recordedRun(Files.createDirectories(dir.resolve("run")));
        // a cache folder of the test's own; the one Vert.x makes inside it is gone once the dashboard stops
        Path cache = dir.resolve("vertx-cache");
        withVertxCache(cache, () -> servesOnLoopbackOnly(run));
        assertThat(cache).isEmptyDirectory();
    }

    /**
     * DL4J opens a statistics file for writing: a read-only one (a shared or installed run) is served from a copy,
     * and the run's own file is left exactly as it was. Its permission bits grant no one write access, which the
     * dashboard reads as read-only even when the tests run as root, who could write it anyway.
     */
    @Test
    void aReadOnlyStatisticsFileIsServedFromACopyAndLeftAsItWas() throws Exception {
        Path run = recordedRun(Files.createDirectories(dir.resolve("read-only")));
        Path file = run.resolve(TrainingStats.FILE);
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        try {
            FileStatsStorage opened = Dashboard.openStats(file);
            try {
                assertThat(opened.toString()).doesNotContain(file.toString()).contains("captchalab-dl4j-stats-");
            } finally {
                opened.close();
            }
            withVertxCache(dir.resolve("vertx-cache"), () -> servesOnLoopbackOnly(run));
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void servesOnLoopbackOnly(Path run) throws Exception {
        int port = freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread ui = new Thread(() -> status.set(Cli.run(new String[] {"ui", run.toString(), "--port", String.valueOf(port)},
                new PrintWriter(out, true), new PrintWriter(err, true))), "ui-command");
        ui.start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!out.toString().contains("/train/overview") && ui.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(err.toString()).isEmpty();
            Matcher m = Pattern.compile("DL4J training dashboard: http://127\\.0\\.0\\.1:(\\d+)/train/overview").matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(port);

            List<InetAddress> listening = listeningAddresses(port);
            assertThat(listening).isNotEmpty().allSatisfy(a -> assertThat(a.isLoopbackAddress()).as(a.toString()).isTrue());
            // and it serves the run's statistics there
            assertThat(get("http://127.0.0.1:" + port + "/train/overview")).isNotEmpty();
            assertThat(get("http://127.0.0.1:" + port + "/train/overview/data")).contains("\"scores\"");
            // this computer's other addresses are refused
            for (InetAddress other : otherAddresses()) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other, port), 3000);
                    }
                }).as("connecting to %s:%d", other, port).isInstanceOf(IOException.class);
            }
        } finally {
            ui.interrupt();
            ui.join(60_000);
        }
        assertThat(ui.isAlive()).isFalse();
        assertThat(status.get()).isZero();
        assertThat(listeningAddresses(port)).isEmpty();
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        try {
            assertThat(c.getResponseCode()).as(url).isEqualTo(200);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    /** The IPv4 addresses of this computer's network interfaces that are up, other than loopback. */
    private static List<InetAddress> otherAddresses() throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                n.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(found::add);
            }
        }
        return found;
    }

    /** The local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6. */
    static List<InetAddress> listeningAddresses(int port) throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st ...; the address as hex:port, state 0A is LISTEN
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    found.add(address(local[0]));
                }
            }
        }
        return found;
    }

    /** The kernel prints an address as 32-bit words, each in the machine's byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        for (int w = 0; w < bytes.length / 4; w++) {
            b.putInt((int) Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16));
        }
        return InetAddress.getByAddress(bytes); // ::ffff:a.b.c.d comes back as the IPv4 address
    }

    @Test
    void procAddressesAreReadInTheMachinesByteOrder() throws IOException {
        assumeThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(address("00000000").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(address("0000000000000000FFFF00000100007F").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(address("00000000000000000000000000000000").isAnyLocalAddress()).isTrue();
    }
}
