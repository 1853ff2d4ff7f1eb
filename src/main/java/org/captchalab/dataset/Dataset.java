package org.captchalab.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded captcha dataset: an immutable snapshot of the images found under a folder, their labels (after the
 * case rule) and what was learned about them (alphabet, label length, sizes, conflicts, problems).
 *
 * <p>Immutable on purpose: a training run works on one snapshot while the user goes on editing labels in the
 * work store; {@link #withLabels(Map)} gives a new snapshot with the current labels and recomputed conflicts (and
 * alphabet, when it was inferred from the labels).
 * Create one with {@link DatasetLoader#load(Path, DatasetOptions)}.
 */
public final class Dataset {

    private final Path root;
    private final List<CaptchaSample> samples;
    private final Alphabet alphabet;
    /** Whether the alphabet is the labels' characters (no alphabet was given), so that it follows them. */
    private final boolean alphabetInferred;
    private final int labelLength;
    private final CaseRule caseRule;
    private final LabelSource labelSource;
    private final Path labelsFile;
    private final Map<ImageSize, Integer> sizes;
    private final ImageSize inputSize;
    /** Sample indices of byte-identical images, two or more to a group; labels do not change them. */
    private final List<List<Integer>> identical;
    private final List<ConflictGroup> conflicts;
    private final List<Problem> problems;
    private final Map<String, CaptchaSample> byPath;
    private final Set<String> conflicting;
    private String fingerprint;

    Dataset(Path root, List<CaptchaSample> samples, Alphabet alphabet, boolean alphabetInferred, int labelLength,
            CaseRule caseRule, LabelSource labelSource, Path labelsFile, ImageSize inputSize, List<Problem> problems) {
        this(root, samples, alphabet, alphabetInferred, labelLength, caseRule, labelSource, labelsFile, inputSize, problems,
                null);
    }

    /** @param identical the groups of {@link #identicalImages()} when known (the same images relabelled), else null */
    private Dataset(Path root, List<CaptchaSample> samples, Alphabet alphabet, boolean alphabetInferred, int labelLength,
                    CaseRule caseRule, LabelSource labelSource, Path labelsFile, ImageSize inputSize,
                    List<Problem> problems, List<List<Integer>> identical) {
        this.root = root;
        this.samples = List.copyOf(samples);
        this.alphabet = alphabet;
        this.alphabetInferred = alphabetInferred;
        this.labelLength = labelLength;
        this.caseRule = caseRule;
        this.labelSource = labelSource;
        this.labelsFile = labelsFile;
        this.problems = List.copyOf(problems);
        this.sizes = countSizes(this.samples);
        this.inputSize = inputSize != null ? inputSize
                : sizes.isEmpty() ? null : sizes.keySet().iterator().next();
        this.identical = identical != null ? identical : groupIdentical(this.samples);
        this.conflicts = findConflicts(this.samples, this.identical);
        this.byPath = new HashMap<>();
        for (CaptchaSample s : this.samples) {
            byPath.put(s.path(), s);
        }
        this.conflicting = new HashSet<>();
        for (ConflictGroup g : conflicts) {
            conflicting.addAll(g.files());
        }
    }

    /** The dataset folder, absolute and normalised. */
    public Path root() {
        return root;
    }

    /** Every usable image, sorted by relative path; labels may be null. */
    public List<CaptchaSample> samples() {
        return samples;
    }

    /** The characters labels use (fixed by the user or inferred); null when no image has a label. */
    public Alphabet alphabet() {
        return alphabet;
    }

    /** Characters per label (fixed by the user, or the most common length); 0 when no image has a label. */
    public int labelLength() {
        return labelLength;
    }

    public CaseRule caseRule() {
        return caseRule;
    }

    public LabelSource labelSource() {
        return labelSource;
    }

    /** The labels CSV read, or null when labels came from the file names. */
    public Path labelsFile() {
        return labelsFile;
    }

    /** Image sizes with their counts, most common first (ties: larger size first). */
    public Map<ImageSize, Integer> sizes() {
        return sizes;
    }

    /** The size every image is resized to for the model; the most common size unless fixed. */
    public ImageSize inputSize() {
        return inputSize;
    }

    /** Groups of byte-identical images whose labels disagree. */
    public List<ConflictGroup> conflicts() {
        return conflicts;
    }

    /**
     * Every group of byte-identical images (the same content hash), labelled or not, two or more to a group, as
     * indices into {@link #samples()} in ascending order; groups ordered by their first index, and an image with no
     * copy in none. Their labels decide which of them are {@link #conflicts()}; the groups themselves stay the same
     * under {@link #withLabels}, so that whoever re-applies {@link ConflictGroup#disagree} as labels change (the
     * window) need not group the images again.
     */
    public List<List<Integer>> identicalImages() {
        return identical;
    }

    /** Everything skipped or rejected while loading, one line each. */
    public List<Problem> problems() {
        return problems;
    }

    public Optional<CaptchaSample> sample(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** True when the image is part of a conflict group (and so not trained on). */
    public boolean isConflicting(String path) {
        return conflicting.contains(path);
    }

    /** The images a model may train and be evaluated on: labelled, and not in a conflict group. */
    public List<CaptchaSample> trainable() {
        return samples.stream().filter(s -> s.label() != null && !conflicting.contains(s.path())).toList();
    }

    public long labelledCount() {
        return samples.stream().filter(CaptchaSample::labelled).count();
    }

    /** Whether the alphabet was inferred from the labels (no {@code --alphabet} given). */
    public boolean alphabetInferred() {
        return alphabetInferred;
    }

    /** Applies the dataset's case rule to text typed by a user. */
    public String normalise(String label) {
        return caseRule.apply(label == null ? null : label.strip());
    }

    /**
     * Why {@code label} (already normalised) is not acceptable here, or empty when it is: wrong length or a
     * character outside the alphabet.
     */
    public Optional<String> checkLabel(String label) {
        if (label == null || label.isEmpty()) {
            return Optional.of("empty label");
        }
        if (labelLength > 0 && label.length() != labelLength) {
            return Optional.of("label '" + label + "' has " + label.length() + " characters, expected " + labelLength);
        }
        if (alphabet != null && !alphabet.accepts(label)) {
            return Optional.of("label '" + label + "' has characters outside the alphabet: '" + alphabet.outside(label) + "'");
        }
        return Optional.empty();
    }

    /**
     * The same images with some labels replaced (path to label, null to clear), e.g. the work store's current
     * labels; conflicts, trainable images and the fingerprint follow. Unknown paths are ignored.
     */
    public Dataset withLabels(Map<String, String> labels) {
        List<CaptchaSample> updated = new ArrayList<>(samples.size());
        List<String> current = new ArrayList<>(samples.size());
        for (CaptchaSample s : samples) {
            // under this dataset's case rule, as the labels file's were (a label saved while case was kept is
            // folded when the folder is read with --fold-case)
            CaptchaSample now = labels.containsKey(s.path()) ? s.withLabel(caseRule.apply(labels.get(s.path()))) : s;
            updated.add(now);
            if (now.label() != null && now.label().length() == labelLength) {
                current.add(now.label());
            }
        }
        // an inferred alphabet is the characters the labels use now: a stray character in one label of the labels
        // file is gone from it once that label is corrected
        Alphabet now = alphabetInferred && !current.isEmpty() ? Alphabet.infer(current) : alphabet;
        // the same images in the same order: the same groups of identical ones
        return new Dataset(root, updated, now, alphabetInferred, labelLength, caseRule, labelSource, labelsFile,
                inputSize, problems, identical);
    }

    /**
     * A stable SHA-256 (hex) of every image's path, content hash and label, for a model's provenance: equal
     * fingerprints mean the same images with the same labels.
     */
    public synchronized String fingerprint() {
        if (fingerprint == null) {
            MessageDigest md = sha256();
            for (CaptchaSample s : samples) {
                String line = s.path() + '\t' + s.hash() + '\t' + (s.label() == null ? "" : s.label()) + '\n';
                md.update(line.getBytes(StandardCharsets.UTF_8));
            }
            fingerprint = HexFormat.of().formatHex(md.digest());
        }
        return fingerprint;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * The sizes among {@code samples}, most common first (ties: the larger size, as {@link #sizes()}): a saved run
     * records them as the sizes of the images it was trained on.
     */
    public static List<ImageSize> sizesByCount(List<CaptchaSample> samples) {
        return List.copyOf(countSizes(samples).keySet());
    }

    private static Map<ImageSize, Integer> countSizes(List<CaptchaSample> samples) {
        Map<ImageSize, Integer> counts = new HashMap<>();
        for (CaptchaSample s : samples) {
            counts.merge(s.size(), 1, Integer::sum);
        }
        Map<ImageSize, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<ImageSize, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return java.util.Collections.unmodifiableMap(sorted);
    }

    private static List<List<Integer>> groupIdentical(List<CaptchaSample> samples) {
        Map<String, List<Integer>> byHash = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            byHash.computeIfAbsent(samples.get(i).hash(), h -> new ArrayList<>()).add(i);
        }
        return byHash.values().stream().filter(g -> g.size() > 1).map(List::copyOf).toList();
    }

    /** The groups of identical images whose labelled members disagree, each with those members only. */
    private static List<ConflictGroup> findConflicts(List<CaptchaSample> samples, List<List<Integer>> identical) {
        List<ConflictGroup> groups = new ArrayList<>();
        for (List<Integer> group : identical) {
            List<CaptchaSample> labelled = group.stream().map(samples::get).filter(s -> s.label() != null).toList();
            if (ConflictGroup.disagree(labelled.stream().map(CaptchaSample::label).toList())) {
                groups.add(new ConflictGroup(labelled.get(0).hash(), labelled));
            }
        }
        groups.sort(Comparator.comparing(g -> g.samples().get(0).path()));
        return List.copyOf(groups);
    }
}
