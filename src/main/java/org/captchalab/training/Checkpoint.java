package org.captchalab.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.ModelFormatException;
import org.captchalab.model.NetworkSpec;

/**
 * The state of a run at the end of an epoch, in a checkpoint folder: {@code checkpoint-e<N>.sdz} (the
 * network with Adam's state), {@code best.sdz} (the best network so far) and {@code checkpoint.json} (this
 * record), which is written last and so is the commit point. Each file is written to a temporary name and
 * renamed; a crash at any moment leaves the previous complete checkpoint usable.
 *
 * <p>It also records what the run was started with: the preset, the input size, the alphabet and the label length,
 * so that resuming it with other options or data is refused before any work (the network could not take them).
 * Checkpoints written before these were recorded have them null; {@link #open} reads what it can of them
 * (all but the alphabet's characters) from the checkpoint's network.
 */
public record Checkpoint(int epoch, int iteration, int bestEpoch, double bestValAccuracy, double bestValLoss,
                         int epochsWithoutImprovement,
                         double trainingSeconds, String networkFile, List<EpochMetrics> history,
                         String preset, Integer inputWidth, Integer inputHeight, String alphabet, Integer labelLength,
                         Integer classes) {

    public static final String JSON_FILE = "checkpoint.json";
    public static final String BEST_FILE = "best.sdz";

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Saves the network, then this record; removes the previous epoch's network file afterwards. */
    static Checkpoint write(Path dir, CaptchaNetwork network, Checkpoint state, String previousFile) throws IOException {
        Files.createDirectories(dir);
        network.save(dir.resolve(state.networkFile()), true);
        ModelFolder.writeAtomically(dir.resolve(JSON_FILE), JSON.writeValueAsString(state));
        if (previousFile != null && !previousFile.equals(state.networkFile())) {
            Files.deleteIfExists(dir.resolve(previousFile));
        }
        return state;
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON_FILE));
    }

    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(JSON_FILE);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read checkpoint " + file + ": " + ErrorLines.reason(e), e);
        }
        try {
            return JSON.readValue(text, Checkpoint.class);
        } catch (IOException e) {
            // the record is written last, to a temporary name then renamed: only a damaged disk or a hand cuts it
            throw new ModelFormatException("cannot read checkpoint " + file + ": the file is "
                    + (text.isBlank() ? "empty" : "damaged or cut short") + "; choose another --out, or delete " + dir
                    + " to train afresh", e);
        }
    }

    /**
     * A checkpoint read for resuming: its record, with what the run was started with filled in from its network when
     * the record predates them (the preset, input size, label length and class count; not the alphabet's
     * characters), and that network when it had to be read for them, kept (with Adam's state) so that resuming does
     * not read the same file a second time; null when the record was complete, and resuming reads it then.
     */
    public record Opened(Checkpoint record, CaptchaNetwork network) {
    }

    /**
     * Reads the checkpoint in {@code dir} for resuming a run at {@code learningRate} (see {@link Opened}).
     *
     * @throws ModelFormatException when the record, or the network an old record needs, cannot be read
     */
    public static Opened open(Path dir, double learningRate) {
        Checkpoint c = read(dir);
        if (c.preset != null && c.inputWidth != null && c.inputHeight != null && c.labelLength != null
                && c.classes != null) {
            return new Opened(c, null);
        }
        CaptchaNetwork network = CaptchaNetwork.loadAsSaved(dir.resolve(c.networkFile), learningRate, true);
        NetworkSpec s = network.spec();
        return new Opened(new Checkpoint(c.epoch, c.iteration, c.bestEpoch, c.bestValAccuracy, c.bestValLoss,
                c.epochsWithoutImprovement, c.trainingSeconds, c.networkFile, c.history, s.preset().id(), s.width(),
                s.height(), c.alphabet, s.length(), s.classes()), network);
    }

    /**
     * Why this checkpoint cannot be resumed by a run of {@code spec} over {@code alphabet}, one short reason per
     * difference ("preset seed, not strong"), in the order preset, input size, alphabet, label length; empty when it
     * can. Fields this record lacks are not compared (see {@link #open}).
     */
    public List<String> misfits(NetworkSpec spec, Alphabet alphabetOfRun) {
        List<String> reasons = new ArrayList<>();
        if (preset != null && !preset.equals(spec.preset().id())) {
            reasons.add("preset " + preset + ", not " + spec.preset().id());
        }
        if (inputWidth != null && inputHeight != null && (inputWidth != spec.width() || inputHeight != spec.height())) {
            reasons.add("input size " + inputWidth + "x" + inputHeight + ", not " + spec.width() + "x" + spec.height());
        }
        if (alphabet != null) {
            if (!alphabet.equals(alphabetOfRun.chars())) {
                reasons.add("alphabet " + alphabet + ", not " + alphabetOfRun.chars());
            }
        } else if (classes != null && classes != alphabetOfRun.size()) {
            reasons.add("an alphabet of " + classes + " characters, not " + alphabetOfRun.size());
        }
        if (labelLength != null && labelLength != spec.length()) {
            reasons.add("label length " + labelLength + ", not " + spec.length());
        }
        return reasons;
    }

    /**
     * The alphabet this run was started with when it holds every character of {@code inferred} and more (a
     * dataset whose labels were corrected away from a character since), so that resuming keeps the run's classes;
     * null when the record predates alphabets or the two are equal or do not fit (then {@link #misfits} says why).
     */
    public Alphabet alphabetHolding(Alphabet inferred) {
        if (alphabet == null || alphabet.equals(inferred.chars())) {
            return null;
        }
        Alphabet started = new Alphabet(alphabet);
        return started.accepts(inferred.chars()) ? started : null;
    }

    /**
     * The best epoch's validation loss, which decides between epochs of equal accuracy ({@link ValidationScore}).
     * Checkpoints written before it was recorded read 0 here: for them it is the best epoch's loss in the history,
     * so that a resumed run does not take a later epoch of the same accuracy but a higher loss for a better one
     * (as it did when it read them as infinite); infinite only when the history lacks that epoch too.
     */
    double bestLoss() {
        if (bestValLoss > 0) {
            return bestValLoss;
        }
        return history.stream().filter(m -> m.epoch() == bestEpoch).mapToDouble(EpochMetrics::valLoss).findFirst()
                .orElse(Double.POSITIVE_INFINITY);
    }

    CaptchaNetwork loadNetwork(Path dir, NetworkSpec spec, double learningRate) {
        return CaptchaNetwork.load(dir.resolve(networkFile), spec, learningRate, true);
    }
}
