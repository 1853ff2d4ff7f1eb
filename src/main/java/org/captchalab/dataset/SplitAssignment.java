package org.captchalab.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which split (train, validation, test) each image belongs to, with the seed and ratios that made it.
 *
 * <p>The split is computed over groups of byte-identical images (same content hash), so a copy of a test
 * image can never sit in the training set. Groups are ordered by a SHA-256 of the seed and the content hash
 * (not by {@code java.util.Random} over a list, whose result would change whenever one file is added), then
 * filled train first up to its share, then validation, then test. Same images and seed: same split on any
 * machine. The default seed is {@link #DEFAULT_SEED}.
 */
public record SplitAssignment(long seed, SplitRatios ratios, Map<String, Split> byPath) {

    /** The seed used unless the user picks another: 20240229. */
    public static final long DEFAULT_SEED = 20240229L;

    public SplitAssignment {
        byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
    }

    /** Splits the given images (usually all of a dataset's samples, labelled or not). */
    public static SplitAssignment compute(Collection<CaptchaSample> samples, long seed, SplitRatios ratios) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (CaptchaSample s : samples) {
            groups.computeIfAbsent(s.hash(), h -> new ArrayList<>()).add(s.path());
        }
        List<Map.Entry<String, List<String>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparingLong((Map.Entry<String, List<String>> e) -> score(seed, e.getKey()))
                .thenComparing(Map.Entry::getKey));
        int total = samples.size();
        long trainTarget = Math.round(total * ratios.train());
        long valTarget = Math.round(total * ratios.val());
        Map<String, Split> byPath = new TreeMap<>();
        int train = 0;
        int val = 0;
        for (Map.Entry<String, List<String>> g : ordered) {
            Split split;
            if (train < trainTarget) {
                split = Split.TRAIN;
                train += g.getValue().size();
            } else if (val < valTarget) {
                split = Split.VAL;
                val += g.getValue().size();
            } else {
                split = Split.TEST;
            }
            for (String p : g.getValue()) {
                byPath.put(p, split);
            }
        }
        return new SplitAssignment(seed, ratios, byPath);
    }

    /**
     * This split with images it does not know yet added, without moving any image already assigned: a new
     * copy of a known image joins that image's split; any other new image goes where its seeded score falls.
     */
    public SplitAssignment extendedTo(Collection<CaptchaSample> samples) {
        Map<String, Split> byHash = new HashMap<>();
        List<CaptchaSample> fresh = new ArrayList<>();
        for (CaptchaSample s : samples) {
            Split known = byPath.get(s.path());
            if (known != null) {
                byHash.putIfAbsent(s.hash(), known);
            } else {
                fresh.add(s);
            }
        }
        if (fresh.isEmpty()) {
            return this;
        }
        Map<String, Split> extended = new TreeMap<>(byPath);
        for (CaptchaSample s : fresh) {
            Split split = byHash.computeIfAbsent(s.hash(), h -> byScore(score(seed, h)));
            extended.put(s.path(), split);
        }
        return new SplitAssignment(seed, ratios, extended);
    }

    private Split byScore(long score) {
        double u = (score >>> 10) / (double) (1L << 53);
        return u < ratios.train() ? Split.TRAIN : u < ratios.train() + ratios.val() ? Split.VAL : Split.TEST;
    }

    /** The split of one image, or null when the image is not in this assignment. */
    public Split splitOf(String path) {
        return byPath.get(path);
    }

    /** The given samples that belong to {@code split}, in their order. */
    public List<CaptchaSample> select(Collection<CaptchaSample> samples, Split split) {
        return samples.stream().filter(s -> byPath.get(s.path()) == split).toList();
    }

    public Map<Split, Integer> counts() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            counts.put(s, 0);
        }
        byPath.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }

    /** A SHA-256 (hex) of every image's assignment, for a model's provenance. */
    public String fingerprint() {
        java.security.MessageDigest md = Dataset.sha256();
        new TreeMap<>(byPath).forEach((path, split) ->
                md.update((path + '\t' + split.id() + '\n').getBytes(StandardCharsets.UTF_8)));
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    /** A non-negative score from the seed and a content hash, uniform over the long range. */
    static long score(long seed, String hash) {
        byte[] digest = Dataset.sha256().digest((seed + ":" + hash).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong() >>> 1;
    }
}
