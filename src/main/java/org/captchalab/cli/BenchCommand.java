package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.captchalab.MallocTuning;
import org.captchalab.NativeBackend;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;
import org.captchalab.model.Throughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench [--preset seed] [--batch 64] [--seconds 8] [--warmup 10] [--first-warmup 60] [--rounds N] [--peer SCRIPT] [--json] [DIR]}:
 * training and inference images/second on random 129x53 data (4 x 26 heads), each after an unmeasured warm-up (six
 * times longer in the first round, {@code --first-warmup}: a fresh JVM read up to a fifth low after 10 s and its
 * inference still about a tenth low after 30 s), and
 * decoding images/second on a folder if given. With {@code --peer}, each round runs the peer benchmark right after
 * ours (in a child process, by default once with glibc's allocator defaults and once with the launcher's settings, which
 * of the two first taking turns) and prints the ratios; with several rounds, the medians.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/inference images per second on random 129x53 data, and decoding on a folder.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "seed", paramLabel = "seed|strong|attention",
            description = "network preset (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "batch size (default ${DEFAULT-VALUE}; 1 to 4096)")
    int batch;

    @Option(names = "--seconds", defaultValue = "8", paramLabel = "SECONDS", description = "seconds per measurement (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS", description = "seconds each measurement is run first, unmeasured,"
            + " while the JIT compiles (default ${DEFAULT-VALUE}; in the first round six times this, unless --first-warmup"
            + " is given)")
    double warmup;

    @Option(names = "--first-warmup", paramLabel = "SECONDS", description = "the warm-up of each measurement of the"
            + " first round, when the JIT compiles most of the code (default six times --warmup)")
    Double firstWarmup;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "a folder of images to time decoding on")
    Path dir;

    @Option(names = "--peer", paramLabel = "SCRIPT", description = "also run this peer benchmark after each of our"
            + " measurements (e.g. ../shared/bench/peer_torch.py) and print the ratios")
    Path peer;

    @Option(names = "--peer-python", defaultValue = "/usr/bin/python3", paramLabel = "PROGRAM",
            description = "the program that runs the peer script (default ${DEFAULT-VALUE})")
    String peerPython;

    @Option(names = "--peer-malloc", defaultValue = "both", paramLabel = "default|tuned|both",
            description = "run the peer with glibc's allocator defaults, with the allocator settings the launcher runs"
                    + " this program with, or each in turn (default ${DEFAULT-VALUE})")
    String peerMalloc;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "measure this many times, the peer after each"
            + " (default ${DEFAULT-VALUE}); with more than one the medians are printed too")
    int rounds;

    @Option(names = "--peer-timeout", defaultValue = "600", hidden = true, description = "seconds one peer run may take")
    long peerTimeout;

    /** The largest --batch measured: far beyond any batch that helps, and its arrays still fit ND4J's indexing. */
    static final int MAX_BATCH = 4096;

    /** One round: our figures and the peer's, in the order they ran. */
    private record Round(String time, double warmupSeconds, Throughput.Result ours, List<PeerBench.Figures> peers) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // every option and the folder are checked before anything is measured
        CommandOptions.atLeast(spec, "--rounds", rounds, 1);
        CommandOptions.between(spec, "--batch", batch, 1, MAX_BATCH);
        CommandOptions.positive(spec, "--seconds", seconds, false);
        CommandOptions.positive(spec, "--warmup", warmup, true);
        if (firstWarmup != null) {
            CommandOptions.positive(spec, "--first-warmup", firstWarmup, true);
        }
        double firstRoundWarmup = firstWarmup == null ? 6 * warmup : firstWarmup;
        CommandOptions.atLeast(spec, "--peer-timeout", peerTimeout, 1);
        Preset p = CommandOptions.preset(preset);
        List<PeerBench.Malloc> requested = peerRuns(peerMalloc); // the option is checked even without --peer
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + (Files.exists(dir) ? ": not a folder" : ": no such folder"));
        }
        // found before the minutes of measuring, so a folder without images does not waste them
        List<Path> toDecode = dir == null ? null : imagesToDecode(dir);
        PeerBench peerBench = peer == null ? null : new PeerBench(peerPython, peer, peerTimeout);
        List<PeerBench.Malloc> peerRuns = peerBench == null ? List.of() : requested;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        NetworkSpec s = new NetworkSpec(p, 129, 53, 4, 26);
        List<Round> done = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String time = clock(LocalTime.now(ZoneOffset.UTC));
            double roundWarmup = i == 0 ? firstRoundWarmup : warmup;
            Throughput.Result r = Throughput.measure(s, batch, seconds, roundWarmup);
            List<PeerBench.Figures> peers = new ArrayList<>();
            // the peer's two settings take turns at going first, so neither always runs further from ours
            List<PeerBench.Malloc> order = new ArrayList<>(peerRuns);
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            for (PeerBench.Malloc m : order) {
                peers.add(peerBench.run(m));
            }
            Round round = new Round(time, roundWarmup, r, peers);
            done.add(round);
            if (rounds > 1 || peerBench != null) {
                // with --json the rounds go to standard error as they finish, so a long run shows its progress
                printRound(json ? spec.commandLine().getErr() : out, i, round);
            }
        }
        Double decode = toDecode == null ? null : decodeRate(dir, toDecode, spec.commandLine().getErr());
        boolean single = rounds == 1 && peerBench == null;
        Throughput.Result first = done.get(0).ours();
        double train = median(done, rd -> rd.ours().trainImagesPerSecond());
        double infer = median(done, rd -> rd.ours().inferImagesPerSecond());
        double oneStream = median(done, rd -> rd.ours().inferOneStreamImagesPerSecond());
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("preset", s.preset().id());
            o.put("batch", batch);
            o.put("train_img_s", tenths(train));
            o.put("infer_img_s", tenths(infer));
            o.put("infer_lanes", first.lanes());
            o.put("infer_one_stream_img_s", tenths(oneStream));
            if (decode != null) {
                o.put("decode_img_s", tenths(decode));
            }
            o.put("seconds", seconds);
            o.put("warmup_seconds", warmup);
            o.put("first_round_warmup_seconds", firstRoundWarmup);
            o.put("backend", NativeBackend.describe());
            o.put("malloc", MallocTuning.state());
            o.put("cores", Runtime.getRuntime().availableProcessors());
            o.put("load_average_before", load);
            if (!single) {
                o.put("rounds_measured", rounds);
                ArrayNode list = o.putArray("rounds");
                for (Round rd : done) {
                    ObjectNode j = list.addObject();
                    j.put("time_utc", rd.time());
                    j.put("warmup_seconds", rd.warmupSeconds());
                    j.put("train_img_s", tenths(rd.ours().trainImagesPerSecond()));
                    j.put("infer_img_s", tenths(rd.ours().inferImagesPerSecond()));
                    j.put("infer_one_stream_img_s", tenths(rd.ours().inferOneStreamImagesPerSecond()));
                    for (PeerBench.Figures f : rd.peers()) {
                        ObjectNode pj = j.putObject(peerKey(f.malloc()));
                        pj.put("train_img_s", f.trainImagesPerSecond());
                        pj.put("infer_img_s", f.inferImagesPerSecond());
                        pj.put("train_ratio", hundredths(ratio(rd, f.malloc(), true)));
                        pj.put("infer_ratio", hundredths(ratio(rd, f.malloc(), false)));
                        pj.set("output", f.raw());
                    }
                }
                for (PeerBench.Malloc m : peerRuns) {
                    ObjectNode med = o.putObject(peerKey(m) + "_median");
                    med.put("train_img_s", median(done, rd -> peerOf(rd, m).trainImagesPerSecond()));
                    med.put("infer_img_s", median(done, rd -> peerOf(rd, m).inferImagesPerSecond()));
                    med.put("train_ratio", hundredths(median(done, rd -> ratio(rd, m, true))));
                    med.put("infer_ratio", hundredths(median(done, rd -> ratio(rd, m, false))));
                }
            }
            out.println(o);
        } else {
            if (rounds > 1) {
                out.printf(Locale.ROOT, "medians of %d rounds:%n", rounds);
            }
            out.printf(Locale.ROOT, "%s, batch %d, 129x53, %s, malloc %s, load average before %.2f%n", s.preset().id(),
                    batch, NativeBackend.describe(), MallocTuning.state(), load);
            out.printf(Locale.ROOT, "training:  %.1f images/s%ninference: %.1f images/s (%d batches in flight, each on"
                    + " one thread; one batch at a time over all cores: %.1f)%n", train, infer, first.lanes(), oneStream);
            for (PeerBench.Malloc m : peerRuns) {
                out.printf(Locale.ROOT, "against the peer with %s: training %.2fx, inference %.2fx%s%n", peerLabel(m),
                        median(done, rd -> ratio(rd, m, true)), median(done, rd -> ratio(rd, m, false)),
                        rounds > 1 ? " (the median of the rounds' ratios)" : "");
            }
            if (decode != null) {
                out.printf(Locale.ROOT, "decoding:  %.1f images/s (decode + resize to 129x53, one thread)%n", decode);
            }
        }
        out.flush();
        // the figures measured are printed all the same, but the decoding rate asked for is missing
        return toDecode != null && decode == null ? 1 : 0;
    }

    /** A round's start as HH:mm:ss, always with seconds (LocalTime.toString() leaves out ":00"). */
    static String clock(LocalTime t) {
        return t.format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT));
    }

    private void printRound(PrintWriter out, int i, Round rd) {
        out.printf(Locale.ROOT, "round %d of %d, %s UTC: training / inference images/s: ours %.1f / %.1f%n", i + 1,
                rounds, rd.time(), rd.ours().trainImagesPerSecond(), rd.ours().inferImagesPerSecond());
        for (PeerBench.Figures f : rd.peers()) {
            out.printf(Locale.ROOT, "  peer with %s: %.1f / %.1f, ours %.2fx / %.2fx%n", peerLabel(f.malloc()),
                    f.trainImagesPerSecond(), f.inferImagesPerSecond(), ratio(rd, f.malloc(), true),
                    ratio(rd, f.malloc(), false));
        }
        out.flush();
    }

    /** The peer runs each round makes, in order. */
    private static List<PeerBench.Malloc> peerRuns(String option) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "default" -> List.of(PeerBench.Malloc.DEFAULT);
            case "tuned" -> List.of(PeerBench.Malloc.TUNED);
            case "both" -> List.of(PeerBench.Malloc.DEFAULT, PeerBench.Malloc.TUNED);
            default -> throw new UsageError("--peer-malloc must be default, tuned or both (got " + option + ")");
        };
    }

    private static String peerKey(PeerBench.Malloc m) {
        return m == PeerBench.Malloc.TUNED ? "peer_tuned_malloc" : "peer_default_malloc";
    }

    private static String peerLabel(PeerBench.Malloc m) {
        return m == PeerBench.Malloc.TUNED ? "the launcher's allocator settings" : "glibc's allocator defaults";
    }

    private static PeerBench.Figures peerOf(Round rd, PeerBench.Malloc m) {
        return rd.peers().stream().filter(f -> f.malloc() == m).findFirst().orElseThrow();
    }

    private static double ratio(Round rd, PeerBench.Malloc m, boolean training) {
        PeerBench.Figures f = peerOf(rd, m);
        return training ? rd.ours().trainImagesPerSecond() / f.trainImagesPerSecond()
                : rd.ours().inferImagesPerSecond() / f.inferImagesPerSecond();
    }

    /** The median of a figure over the rounds (the mean of the middle two for an even count). */
    private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
        double[] v = rounds.stream().mapToDouble(figure).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double hundredths(double ratio) {
        return Math.round(ratio * 100) / 100.0;
    }

    /** A rate rounded to one decimal for the JSON. */
    private static double tenths(double rate) {
        return Math.round(rate * 10) / 10.0;
    }

    /** Up to 2,000 image files under {@code dir}, by name; none is refused. */
    private static List<Path> imagesToDecode(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g|bmp|gif)$"))
                    .limit(2000).toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        return files;
    }

    /**
     * Images decoded and resized per second. A file that will not decode is left out of the rate with a note on
     * {@code err}, as eval leaves it out: one damaged image must not throw away the measurements made before. When
     * none decodes, says so on {@code err} and returns null.
     */
    private static Double decodeRate(Path dir, List<Path> files, PrintWriter err) {
        ImageSize size = new ImageSize(129, 53);
        List<ImageDecodeException> undecodable = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Path f : files) {
            try {
                PixelEncoder.rgb(ImageDecoder.decode(f), size);
            } catch (ImageDecodeException e) {
                undecodable.add(e);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int decoded = files.size() - undecodable.size();
        if (decoded == 0) {
            err.println("error: none of the " + files.size() + " images in " + dir + " decodes, so there is no decoding"
                    + " rate: " + undecodable.get(0).getMessage());
            return null;
        }
        ImageDecodeException.leftOutNote(undecodable).ifPresent(n -> err.println("note: for the decoding rate, " + n));
        return decoded / seconds;
    }
}
