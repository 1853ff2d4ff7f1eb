package org.captchalab.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.captchalab.dataset.AtomicWrite;
import org.captchalab.dataset.ErrorLines;

/**
 * The layout of a saved run, {@code models/<name>/}: {@code network.sdz} (SameDiff's own format, no updater
 * state), {@code run.json} ({@link RunInfo}) and {@code metrics.csv} (per-epoch history, written by the
 * training package). Loading checks everything and fails with one clear line ({@link ModelFormatException}).
 */
public final class ModelFolder {

    public static final String NETWORK = "network.sdz";
    public static final String RUN_JSON = "run.json";
    public static final String METRICS_CSV = "metrics.csv";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ModelFolder() {
    }

    /** Whether {@code folder} holds a saved run (its run.json or its network), which a new run would overwrite. */
    public static boolean holdsRun(Path folder) {
        return Files.exists(folder.resolve(RUN_JSON)) || Files.exists(folder.resolve(NETWORK));
    }

    /** Writes the network and run.json (each to a temporary file, then renamed). */
    public static void save(Path folder, CaptchaNetwork network, RunInfo info) throws IOException {
        Files.createDirectories(folder);
        network.save(folder.resolve(NETWORK), false);
        writeAtomically(folder.resolve(RUN_JSON), JSON.writeValueAsString(info));
    }

    /** Rewrites run.json alone (to a temporary file, then renamed), e.g. with a new calibration temperature. */
    public static void writeInfo(Path folder, RunInfo info) throws IOException {
        writeAtomically(folder.resolve(RUN_JSON), JSON.writeValueAsString(info));
    }

    /**
     * Writes text to a temporary file beside {@code file} and renames it over {@code file}, so a reader sees the old
     * or the new text, never half of it (see {@link AtomicWrite}: a replaced file keeps its permissions, a new one gets
     * the folder's usual ones). The temporary file does not outlive a failure.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        AtomicWrite.writeString(file, text);
    }

    /** Reads run.json alone (cheap: for listing past runs). */
    public static RunInfo readInfo(Path folder) {
        Path json = folder.resolve(RUN_JSON);
        if (!Files.isDirectory(folder)) {
            throw new ModelFormatException(folder + " is not a model folder (it does not exist or is not a folder)");
        }
        if (!Files.isRegularFile(json)) {
            throw new ModelFormatException(folder + " has no " + RUN_JSON + ": not a saved CaptchaLab run");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(json));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(json + " is corrupt: " + RunJsonProblems.corrupt(e), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + json + ": " + ErrorLines.reason(e), e);
        }
        if (root.isMissingNode()) {
            throw new ModelFormatException(json + " is corrupt: the file is empty");
        }
        if (!root.isObject()) {
            throw new ModelFormatException(json + " is invalid: not a JSON object");
        }
        JsonNode version = root.get("format_version");
        if (version != null && version.isIntegralNumber()
                && (!version.canConvertToInt() || version.intValue() > RunInfo.FORMAT_VERSION)) {
            // checked before the fields are bound: a newer format may have changed them
            throw new ModelFormatException(folder + " was saved by a newer CaptchaLab (format " + version.asText()
                    + ", this one reads up to " + RunInfo.FORMAT_VERSION + "): update CaptchaLab to open it");
        }
        RunInfo info;
        try {
            info = JSON.treeToValue(root, RunInfo.class);
        } catch (JsonMappingException e) {
            throw new ModelFormatException(json + " is invalid: " + RunJsonProblems.wrongType(e, root), e);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(json + " is invalid: a value has the wrong type", e);
        }
        List<String> missing = RunJsonProblems.missing(root);
        if (!missing.isEmpty()) {
            throw new ModelFormatException(json + " is incomplete (" + String.join(", ", missing) + " missing)");
        }
        String invalid = RunJsonProblems.invalidValue(root, info);
        if (invalid != null) {
            throw new ModelFormatException(json + " is invalid: " + invalid);
        }
        try {
            info.spec();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(json + " is invalid: " + e.getMessage(), e);
        }
        return info;
    }

    /** Loads a run for prediction. */
    public static SavedModel load(Path folder) {
        return load(folder, readInfo(folder));
    }

    /** Loads a run for prediction whose run.json was already read (by {@link #readInfo}), without reading it again. */
    public static SavedModel load(Path folder, RunInfo info) {
        Path net = folder.resolve(NETWORK);
        if (!Files.isRegularFile(net)) {
            throw new ModelFormatException(folder + " has no " + NETWORK + " (the network file is missing)");
        }
        CaptchaNetwork network;
        try {
            network = CaptchaNetwork.load(net, info.spec(), 1e-3, false);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(folder + ": " + e.getMessage(), e);
        }
        return new SavedModel(folder, info, new Predictor(network, info.alphabetValue(), info.temperatureOrOne()));
    }

    /** A run found under a models folder: its folder and run.json, or why it could not be read. */
    public record Listing(Path folder, RunInfo info, String problem) {
    }

    /** Every sub-folder of {@code modelsRoot} with a run.json, newest first; unreadable ones carry a problem line. */
    public static java.util.List<Listing> list(Path modelsRoot) throws IOException {
        java.util.List<Listing> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(modelsRoot)) {
            return out;
        }
        try (var dirs = Files.list(modelsRoot)) {
            for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve(RUN_JSON))).sorted().toList()) {
                try {
                    out.add(new Listing(d, readInfo(d), null));
                } catch (ModelFormatException e) {
                    out.add(new Listing(d, null, e.getMessage()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing((Listing l) -> l.info() == null || l.info().createdAt() == null ? "" : l.info().createdAt()).reversed());
        return out;
    }

    /** run.json's text for an info record (for tests and the CLI's --json). */
    public static String toJson(RunInfo info) {
        try {
            return JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
