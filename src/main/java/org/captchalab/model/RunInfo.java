package org.captchalab.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 * @param preprocessing  how images become network input, in words
 * @param hyperParameters epochs, batch, learning rate, augmentation, patience, time limit (as written)
 * @param finalMetrics   e.g. {@code val_sequence_accuracy}, {@code test_sequence_accuracy}, {@code epochs}
 * @param temperature    the {@link Calibration} temperature fitted on the validation split; absent (null) in
 *                       runs saved before it existed, which predict at 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInfo(int formatVersion, String name, String preset, String alphabet, int labelLength,
                      String caseRule, int inputWidth, int inputHeight, String preprocessing,
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
                preprocessing, datasetFingerprint, datasetPath, splitSeed, hyperParameters, seed, parameterCount,
                finalMetrics, createdAt, status, t);
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
}
