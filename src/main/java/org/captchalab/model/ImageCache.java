package org.captchalab.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;

/**
 * Decoded, resized images of one dataset as model-ready bytes (HWC RGB at the input size), kept in memory so
 * that only the first epoch decodes; 129x53 costs 20 KB per image. Safe for concurrent use: a prefetching
 * thread may fill it while the trainer reads.
 */
public final class ImageCache {

    /** Images decoded between two stop checks, per thread that decodes (see {@link #decodable(List, List, BooleanSupplier)}). */
    private static final int CHUNK_PER_CORE = 32;

    private final Path root;
    private final ImageSize size;
    private final ConcurrentHashMap<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final AtomicLong decoded = new AtomicLong();

    public ImageCache(Path root, ImageSize size) {
        this.root = root;
        this.size = size;
    }

    public ImageSize size() {
        return size;
    }

    /** The sample's model input, decoding it on first use. */
    public byte[] get(CaptchaSample sample) throws ImageDecodeException {
        byte[] b = bytes.get(sample.path());
        if (b == null) {
            b = PixelEncoder.rgb(ImageDecoder.decode(sample.file(root)), size);
            decoded.incrementAndGet();
            bytes.putIfAbsent(sample.path(), b);
        }
        return b;
    }

    /** The samples' model inputs, in their order, decoding those not cached yet (on this thread). */
    public List<byte[]> getAll(List<CaptchaSample> samples) throws ImageDecodeException {
        List<byte[]> out = new ArrayList<>(samples.size());
        for (CaptchaSample s : samples) {
            out.add(get(s));
        }
        return out;
    }

    /**
     * The samples whose images decode, in their order, each decoded into this cache (on both cores); each one that
     * does not is added to {@code leftOut} (its file and reason), so that one damaged file costs only itself.
     */
    public List<CaptchaSample> decodable(List<CaptchaSample> samples, List<ImageDecodeException> leftOut) {
        return decodable(samples, leftOut, () -> false);
    }

    /**
     * As {@link #decodable(List, List)}, but asks {@code stop} before each chunk of a few dozen images per core and
     * gives up as soon as it says so: decoding 100,000 images takes minutes, and a user who stops the run must not
     * wait for them. {@code stop} is asked on the calling thread, between chunks, so it may block (a paused run
     * holds its decoding there) without tying up the threads that decode. The images decoded before it stopped
     * stay cached.
     *
     * @throws CancellationException when {@code stop} said so before every sample was decoded
     */
    public List<CaptchaSample> decodable(List<CaptchaSample> samples, List<ImageDecodeException> leftOut,
                                         BooleanSupplier stop) {
        Map<String, ImageDecodeException> failed = new ConcurrentHashMap<>();
        // small enough for a stop to take effect within a fraction of a second, large enough for every core to
        // have a share of each chunk and for a chunk's start and end to cost nothing next to its decoding
        int chunk = CHUNK_PER_CORE * (ForkJoinPool.getCommonPoolParallelism() + 1);
        for (int from = 0; from < samples.size(); from += chunk) {
            if (stop.getAsBoolean()) {
                throw new CancellationException("stopped after decoding " + from + " of " + samples.size() + " images");
            }
            samples.subList(from, Math.min(samples.size(), from + chunk)).parallelStream().forEach(s -> {
                try {
                    get(s);
                } catch (ImageDecodeException e) {
                    failed.put(s.path(), e);
                }
            });
        }
        if (failed.isEmpty()) {
            return samples;
        }
        List<CaptchaSample> kept = new ArrayList<>(samples.size() - failed.size());
        for (CaptchaSample s : samples) {
            ImageDecodeException e = failed.remove(s.path());
            if (e == null) {
                kept.add(s);
            } else {
                leftOut.add(e);
            }
        }
        return kept;
    }

    /** How many images were decoded so far (a test checks that later epochs decode nothing). */
    public long decodedCount() {
        return decoded.get();
    }

    public int cachedCount() {
        return bytes.size();
    }
}
