package org.captchalab.ui.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a saved run in {@code models/<name>/}: {@code network.sd} (SameDiff's own format),
 * {@code run.json} (preset, input size, length, alphabet, hyper-parameters, seed, dataset, final metrics) and
 * {@code metrics.csv} (one line per epoch). Written to temporary files and renamed.
 */
final class RunFiles {

    static final String NETWORK = "network.sd";
    static final String RUN_JSON = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {
    }

    static List<RunSummary> list(Path modelsFolder) throws IOException {
        List<RunSummary> runs = new ArrayList<>();
        if (!Files.isDirectory(modelsFolder)) {
            return runs;
        }
        try (Stream<Path> dirs = Files.list(modelsFolder)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(RUN_JSON))
                    && Files.isRegularFile(d.resolve(NETWORK))).toList()) {
                try {
                    runs.add(summary(dir, read(dir)));
                } catch (IOException | RuntimeException e) {
                    // A broken run folder is skipped; loading it explicitly reports why.
                }
            }
        }
        runs.sort(Comparator.comparingLong(RunSummary::savedAtMillis).reversed());
        return runs;
    }

    static JsonNode read(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(RUN_JSON).toFile());
    }

    static RunSummary summary(Path dir, JsonNode j) {
        return new RunSummary(dir.getFileName().toString(), dir, j.path("preset").asText("seed"),
                j.path("epochs").asInt(0), j.path("final").path("val_sequence_accuracy").asDouble(Double.NaN),
                j.path("final").path("val_loss").asDouble(Double.NaN), j.path("saved_at").asLong(0));
    }

    static ObjectNode newRunJson() {
        return JSON.createObjectNode();
    }

    static void writeJson(Path dir, ObjectNode json) throws IOException {
        Path tmp = dir.resolve(RUN_JSON + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
        Files.move(tmp, dir.resolve(RUN_JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeText(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
