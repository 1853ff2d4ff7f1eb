package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.captchalab.MallocTuning;
import org.captchalab.NativeBackend;
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
 * {@code bench [--preset seed] [--batch 64] [--seconds 8] [--warmup 10] [--json] [DIR]}: training and inference
 * images/second on random 129x53 data (4 x 26 heads), each after an unmeasured warm-up, and decoding
 * images/second on a folder if given.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/inference images per second on random 129x53 data, and decoding on a folder.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "seed", description = "network preset (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seconds", defaultValue = "8", description = "seconds per measurement (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds each measurement is run first, unmeasured,"
            + " while the JIT compiles (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "a folder of images to time decoding on")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        NetworkSpec s = new NetworkSpec(Preset.parse(preset), 129, 53, 4, 26);
        Throughput.Result r = Throughput.measure(s, batch, seconds, warmup);
        Double decode = dir == null ? null : decodeRate(dir);
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("preset", s.preset().id());
            o.put("batch", batch);
            o.put("train_img_s", tenths(r.trainImagesPerSecond()));
            o.put("infer_img_s", tenths(r.inferImagesPerSecond()));
            o.put("infer_lanes", r.lanes());
            o.put("infer_one_stream_img_s", tenths(r.inferOneStreamImagesPerSecond()));
            if (decode != null) {
                o.put("decode_img_s", tenths(decode));
            }
            o.put("seconds", seconds);
            o.put("warmup_seconds", warmup);
            o.put("backend", NativeBackend.describe());
            o.put("malloc", MallocTuning.state());
            o.put("cores", Runtime.getRuntime().availableProcessors());
            o.put("load_average_before", load);
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "%s, batch %d, 129x53, %s, malloc %s, load average before %.2f%n", s.preset().id(),
                    batch, NativeBackend.describe(), MallocTuning.state(), load);
            out.printf(Locale.ROOT, "training:  %.1f images/s%ninference: %.1f images/s (%d batches in flight, each on"
                    + " one thread; one batch at a time over all cores: %.1f)%n", r.trainImagesPerSecond(),
                    r.inferImagesPerSecond(), r.lanes(), r.inferOneStreamImagesPerSecond());
            if (decode != null) {
                out.printf(Locale.ROOT, "decoding:  %.1f images/s (decode + resize to 129x53, one thread)%n", decode);
            }
        }
        out.flush();
        return 0;
    }

    /** A rate rounded to one decimal for the JSON. */
    private static double tenths(double rate) {
        return Math.round(rate * 10) / 10.0;
    }

    private static double decodeRate(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g|bmp|gif)$"))
                    .limit(2000).toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dir);
        }
        ImageSize size = new ImageSize(129, 53);
        long t0 = System.nanoTime();
        for (Path f : files) {
            PixelEncoder.rgb(ImageDecoder.decode(f), size);
        }
        return files.size() / ((System.nanoTime() - t0) / 1e9);
    }
}
