package org.captchalab.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.ModelFormatException;
import org.captchalab.model.NetworkSpec;

/**
 * The state of a run at the end of an epoch, in a checkpoint folder: {@code checkpoint-e<N>.sdz} (the
 * network with Adam's state), {@code best-e<B>.sdz} (the best network so far, of epoch B) and
 * {@code checkpoint.json} (this record, naming both), which is written last and so is the commit point. Each file
 * is written to a temporary name, synced and renamed ({@link org.captchalab.dataset.AtomicWrite}), and the files
 * the previous record named are removed only once this one is on disk: a crash at any moment, of the power too,
 * leaves a complete checkpoint whose best network is the one its best epoch and figures describe. (The best network
 * used to be {@code best.sdz}, overwritten before the record: a crash between the two left a best network of an
 * epoch the record did not know, and a resumed run could be saved with one epoch's network and another's figures.)
 *
 * <p>It also records what the run was started with: the preset, the input size, the alphabet and the label length,
 * so that resuming it with other options or data is refused before any work (the network could not take them).
 * Checkpoints written before these were recorded have them null; {@link #open} reads what it can of them
 * (all but the alphabet's characters) from the checkpoint's network.
 */
public record Checkpoint(int epoch, int iteration, int bestEpoch, double bestValAccuracy, double bestValLoss,
                         int epochsWithoutImprovement,
                         double trainingSeconds, String networkFile, String bestFile, List<EpochMetrics> history,
                         String preset, Integer inputWidth, Integer inputHeight, String alphabet, Integer labelLength,
                         Integer classes) {

    public static final String JSON_FILE = "checkpoint.json";
    /** The best network of a checkpoint written before {@code best_file} was recorded. */
    static final String OLD_BEST_FILE = "best.sdz";
    /** The network files a checkpoint folder holds, of this record or of an earlier one. */
    private static final Pattern NETWORK_FILE = Pattern.compile("(checkpoint|best)-e[0-9]+\\.sdz|best\\.sdz");

    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The name of epoch {@code epoch}'s network, with Adam's state. */
    static String networkFileOf(int epoch) {
        return "checkpoint-e" + epoch + ".sdz";
    }

    /** The name of the best network when it is epoch {@code epoch}'s. */
    static String bestFileOf(int epoch) {
        return "best-e" + epoch + ".sdz";
    }

    /**
     * Saves the best network when it is new ({@code newBest}; null: the one the previous record names is still the
     * best), then the network, then this record (the commit point), and only then removes the network files this
     * record does not name: the previous epoch's, the previous best, and any a crash left before its record.
     */
    static Checkpoint write(Path dir, CaptchaNetwork network, CaptchaNetwork newBest, Checkpoint state)
            throws IOException {
        Files.createDirectories(dir);
        if (newBest != null) {
            newBest.save(dir.resolve(state.bestFile()), false);
        }
        network.save(dir.resolve(state.networkFile()), true);
        ModelFolder.writeAtomically(dir.resolve(JSON_FILE), JSON.writeValueAsString(state));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (NETWORK_FILE.matcher(name).matches() && !name.equals(state.networkFile())
                        && !name.equals(state.bestFile())) {
                    Files.deleteIfExists(f);
                }
            }
        }
        return state;
    }

    /** The file holding the best network: the one this record names, or an old record's {@code best.sdz}. */
    String bestNetworkFile() {
        return bestFile != null ? bestFile : OLD_BEST_FILE;
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
            // the record is written last, to a temporary name then renamed: only a damaged disk or a hand cuts it.
            // The way out is the run folder, as for a damaged network in it: deleting the checkpoint alone leaves a
            // stopped run's saved files, which the next train refuses to write over
            Path runFolder = dir.getParent();
            throw new ModelFormatException("cannot read checkpoint " + file + ": the file is "
                    + (text.isBlank() ? "empty" : "damaged or cut short") + "; choose another --out, or delete "
                    + (runFolder == null ? dir : runFolder) + " to train afresh", e);
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
                c.epochsWithoutImprovement, c.trainingSeconds, c.networkFile, c.bestFile, c.history, s.preset().id(), s.width(),
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

    /** The best network ({@link #bestNetworkFile}), without Adam's state. */
    CaptchaNetwork loadBest(Path dir, NetworkSpec spec, double learningRate) {
        return CaptchaNetwork.load(dir.resolve(bestNetworkFile()), spec, learningRate, false);
    }
}
