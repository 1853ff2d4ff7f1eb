package org.captchalab.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.ImageSize;

/**
 * The provenance of a saved run ({@code run.json}): everything needed to apply the model (preset, alphabet,
 * label length, case rule, input size and preprocessing) and to reproduce it (dataset fingerprint, split seed,
 * hyper-parameters, seed), plus its final metrics. Written in snake_case JSON by {@link ModelFolder}.
 *
 * @param formatVersion  {@link #FORMAT_VERSION} when written; a newer one is refused on load
 * @param imageWidth     the width of the images the run was trained on (their most common size, before each was
 *                       resized to the input size); absent (null) in runs saved before it was recorded, which are
 *                       compared with their input size instead (see {@link #comparedImageSize})
 * @param imageHeight    their height, as {@code imageWidth}
 * @param otherImageSizes the other sizes among those images ("100x35"), most common first, at most
 *                       {@link #MAX_OTHER_IMAGE_SIZES}; absent (null) or empty when they were all of one size
 * @param preprocessing  how images become network input, in words
 * @param hyperParameters epochs, batch, learning rate, augmentation, patience, time limit (as written)
 * @param finalMetrics   e.g. {@code val_sequence_accuracy}, {@code test_sequence_accuracy}, {@code epochs}
 * @param temperature    the {@link Calibration} temperature fitted on the validation split; absent (null) in
 *                       runs saved before it existed, which predict at 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInfo(int formatVersion, String name, String preset, String alphabet, int labelLength,
                      String caseRule, int inputWidth, int inputHeight, @JsonInclude(JsonInclude.Include.NON_NULL) Integer imageWidth,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Integer imageHeight,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> otherImageSizes, String preprocessing,
                      String datasetFingerprint, String datasetPath, long splitSeed,
                      Map<String, Object> hyperParameters, long seed, long parameterCount,
                      Map<String, Object> finalMetrics, String createdAt, String status, Double temperature) {

    /** Bumped whenever the folder layout or the meaning of a field changes. */
    public static final int FORMAT_VERSION = 1;

    public static final String PREPROCESSING =
            "decode, composite transparency over white, bilinear resize to the input size, RGB bytes / 255 (NHWC)";

    /** This record with another calibration temperature. */
    public RunInfo withTemperature(double t) {
        return new RunInfo(formatVersion, name, preset, alphabet, labelLength, caseRule, inputWidth, inputHeight,
                imageWidth, imageHeight, otherImageSizes, preprocessing, datasetFingerprint, datasetPath, splitSeed, hyperParameters, seed,
                parameterCount, finalMetrics, createdAt, status, t);
    }

    /**
     * Whether {@code folder} is the dataset folder a run recorded ({@code dataset_path}): the same path once made
     * absolute and normalised, or the same folder reached another way (a symbolic link). False when nothing was
     * recorded or the recorded path is not one on this machine.
     */
    public static boolean isRecordedFolder(String recorded, Path folder) {
        if (recorded == null) {
            return false;
        }
        try {
            Path a = Path.of(recorded);
            return a.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize())
                    || Files.isDirectory(a) && Files.isDirectory(folder) && Files.isSameFile(a, folder);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The temperature predictions are reported at: the fitted one, or 1 for runs saved without one. */
    public double temperatureOrOne() {
        return temperature == null ? 1.0 : temperature;
    }

    public NetworkSpec spec() {
        return new NetworkSpec(Preset.parse(preset), inputWidth, inputHeight, labelLength, alphabet.length());
    }

    public Alphabet alphabetValue() {
        return new Alphabet(alphabet);
    }

    public CaseRule caseRuleValue() {
        return CaseRule.valueOf(caseRule);
    }

    public ImageSize inputSize() {
        return new ImageSize(inputWidth, inputHeight);
    }

    /** How many sizes besides the most common one a run records (the most common of them). */
    public static final int MAX_OTHER_IMAGE_SIZES = 16;

    /** The size of the images the run was trained on (their most common size), or null when run.json predates it. */
    public ImageSize imageSize() {
        return imageWidth == null || imageHeight == null ? null : new ImageSize(imageWidth, imageHeight);
    }

    /**
     * The size images are compared with to say they are not like the ones the model was trained on: the recorded
     * {@link #imageSize()}, or for a run saved before it was recorded the input size (a run trained at 96x40 on 129x53
     * images then calls 129x53 images other ones, which is why the image size is now recorded).
     */
    public ImageSize comparedImageSize() {
        ImageSize recorded = imageSize();
        return recorded != null ? recorded : inputSize();
    }

    /**
     * Whether images of {@code size} are like those the run was trained on: {@link #comparedImageSize()} or one of
     * the {@link #otherImageSizes()} recorded beside it.
     */
    public boolean trainedOnSize(ImageSize size) {
        return size.equals(comparedImageSize()) || imageSize() != null && otherSizes().contains(size);
    }

    /** {@link #otherImageSizes()} as sizes (checked on load, see RunJsonProblems); empty when none are recorded. */
    private List<ImageSize> otherSizes() {
        return otherImageSizes == null ? List.of() : otherImageSizes.stream().map(ImageSize::parse).toList();
    }

    /**
     * What images of another size than {@link #comparedImageSize()} are told, in a few words: "the model was trained
     * on 129x53 images (each is resized to its 96x40 input)", or "on 90x30, 100x35 and 92x34 images" with other sizes recorded; for a run that did not record its images' size, "the
     * model was trained at 96x40 (each image is resized to it)".
     */
    public String trainedOn() {
        return "the model was trained " + trainedHow() + (imageSize() != null
                ? " (each is resized to its " + inputSize() + " input)" : " (each image is resized to it)");
    }

    /**
     * How the run was trained, as the end of "was trained ...": "on 90x30, 100x35 and 92x34 images" (the recorded
     * sizes, the most common first), or "at 96x40" for a run that did not record its images' size. An ensemble names
     * each of its runs with this (see {@link TrainingImageSizes}).
     */
    public String trainedHow() {
        ImageSize recorded = imageSize();
        if (recorded == null) {
            return "at " + inputSize();
        }
        List<String> all = new ArrayList<>();
        all.add(recorded.toString());
        otherSizes().forEach(s -> all.add(s.toString()));
        return "on " + listed(all) + " images";
    }

    /** "a", "a and b", "a, b and c": sizes here, run names in {@link TrainingImageSizes}. */
    static String listed(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** The end of a misfit whose labels would fit folded to lowercase, as the run's were. */
    public static final String FOLDED_NOT_READ = "the model was trained on labels folded to lowercase, and these were"
            + " read as they are";

    /**
     * Why this run's network cannot read {@code dataset}'s labels, one line per reason, or an empty list when it can:
     * the labels must have its length and use only its alphabet's characters (see {@link SavedModel#misfits}).
     */
    public List<String> misfits(org.captchalab.dataset.Dataset dataset) {
        List<String> out = new ArrayList<>();
        if (dataset.labelLength() > 0 && dataset.labelLength() != labelLength) {
            out.add("the model reads " + labelLength + " characters, the dataset's labels have " + dataset.labelLength());
        }
        if (dataset.alphabet() != null && !alphabetValue().accepts(dataset.alphabet().chars())) {
            String outside = alphabetValue().outside(dataset.alphabet().chars());
            // capitals a run that folded case knows in lowercase: the dataset was read without folding, not foreign
            boolean foldingWouldFit = caseRuleValue() == CaseRule.FOLD_LOWER && dataset.caseRule() != CaseRule.FOLD_LOWER
                    && alphabetValue().accepts(CaseRule.FOLD_LOWER.apply(dataset.alphabet().chars()));
            out.add("the dataset's labels use characters the model does not know: '" + outside + "'"
                    + (foldingWouldFit ? "; " + FOLDED_NOT_READ : ""));
        }
        return out;
    }

    /**
     * Why a run saved with {@code other} cannot be averaged with this one in an ensemble (in a few words, as "its
     * input is 96x40, not 129x53"), or null when it can: the same input size, label length, alphabet and case rule.
     * Read from run.json alone, so it is known before any network is loaded.
     */
    public String cannotJoin(RunInfo other) {
        if (inputWidth != other.inputWidth || inputHeight != other.inputHeight) {
            return "its input is " + other.inputWidth + "x" + other.inputHeight + ", not " + inputWidth + "x" + inputHeight;
        }
        if (labelLength != other.labelLength) {
            return "it reads " + other.labelLength + " characters, not " + labelLength;
        }
        if (!alphabet.equals(other.alphabet)) {
            return "its alphabet is " + other.alphabet + ", not " + alphabet;
        }
        if (!caseRule.equals(other.caseRule)) {
            return "it was trained with case rule " + CaseRule.word(other.caseRule) + ", not " + CaseRule.word(caseRule);
        }
        return null;
    }

    /**
     * One line for each run that cannot join the first in an ensemble, as "B cannot join A in an ensemble: its input
     * is 96x40, not 129x53", each run called by its entry in {@code names}; empty when they can all be averaged.
     */
    public static List<String> ensembleRefusals(List<String> names, List<RunInfo> infos) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < infos.size(); i++) {
            String why = infos.get(0).cannotJoin(infos.get(i));
            if (why != null) {
                out.add(names.get(i) + " cannot join " + names.get(0) + " in an ensemble: " + why);
            }
        }
        return out;
    }
}
