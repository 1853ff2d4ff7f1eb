package org.captchalab.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.ModelFormatException;
import org.captchalab.model.NetworkSpec;

/**
 * The state of a run at the end of an epoch, in a checkpoint folder: {@code checkpoint-e<N>.sdz} (the
 * network with Adam's state), {@code best.sdz} (the best network so far) and {@code checkpoint.json} (this
 * record), which is written last and so is the commit point. Each file is written to a temporary name and
 * renamed; a crash at any moment leaves the previous complete checkpoint usable.
 */
public record Checkpoint(int epoch, int iteration, int bestEpoch, double bestValAccuracy, double bestValLoss,
                         int epochsWithoutImprovement,
                         double trainingSeconds, String networkFile, List<EpochMetrics> history) {

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
        try {
            return JSON.readValue(Files.readString(file), Checkpoint.class);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    CaptchaNetwork loadNetwork(Path dir, NetworkSpec spec, double learningRate) {
        return CaptchaNetwork.load(dir.resolve(networkFile), spec, learningRate, true);
    }
}
