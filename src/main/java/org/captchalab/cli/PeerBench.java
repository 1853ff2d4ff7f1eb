package org.captchalab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.captchalab.MallocTuning;

/**
 * Runs a peer benchmark script (such as {@code ../shared/bench/peer_torch.py}) in a child process and reads its
 * figures: the last line of its standard output that is a JSON object with {@code train_img_s} and
 * {@code infer_img_s}.
 *
 * <p>The peer runs either with glibc's allocator defaults (the three {@code MALLOC_*} settings this program's launcher
 * adds are removed from its environment, as in a plain shell), or with exactly the settings the launcher gives this
 * program ({@link MallocTuning#SETTINGS}), so that both sides allocate alike.
 */
final class PeerBench {

    /** The peer's allocator environment. */
    enum Malloc {
        /** glibc's defaults: none of the three settings. */
        DEFAULT,
        /** The settings this program's launcher runs it with. */
        TUNED
    }

    /** One run's figures; {@code raw} is the peer's whole JSON line. */
    record Figures(double trainImagesPerSecond, double inferImagesPerSecond, Malloc malloc, JsonNode raw) {
    }

    private final List<String> command;
    private final long timeoutSeconds;

    /**
     * @param interpreter    the program that runs the script ({@code /usr/bin/python3} for the PyTorch peer)
     * @param script         the peer's script
     * @param timeoutSeconds how long one run may take before it is stopped
     */
    PeerBench(String interpreter, Path script, long timeoutSeconds) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException(script + ": no such peer script");
        }
        this.command = List.of(interpreter, script.toString());
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The environment changes for {@code malloc}: a null value removes the variable. */
    static Map<String, String> environment(Malloc malloc) {
        Map<String, String> changes = new HashMap<>();
        MallocTuning.SETTINGS.forEach((k, v) -> changes.put(k, malloc == Malloc.TUNED ? v : null));
        return changes;
    }

    /** Runs the peer once and returns its figures; fails with a one-line message naming the script and the reason. */
    Figures run(Malloc malloc) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        environment(malloc).forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException(command.get(0) + ": cannot run it, " + reason(e)
                    + "; for the PyTorch peer: apt-get install -y python3-torch", e);
        }
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IllegalStateException(command.get(1) + ": no result within " + timeoutSeconds + " seconds");
        }
        String stdout = out.join();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command.get(1) + ": exited with status " + p.exitValue() + lastLine(err.join()));
        }
        return parse(stdout, malloc);
    }

    /** The figures in a peer's standard output; fails when there are none. */
    Figures parse(String stdout, Malloc malloc) {
        ObjectMapper mapper = new ObjectMapper();
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode j = mapper.readTree(line);
                if (j.path("train_img_s").isNumber() && j.path("infer_img_s").isNumber()) {
                    return new Figures(j.get("train_img_s").asDouble(), j.get("infer_img_s").asDouble(), malloc, j);
                }
            } catch (IOException e) {
                // not JSON after all: look further up
            }
        }
        throw new IllegalStateException(command.get(1) + ": printed no JSON line with train_img_s and infer_img_s");
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Why a program could not start, from the JDK's message ("Cannot run program ...: error=2, No such file ..."). */
    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int comma = m.lastIndexOf(", ");
        return (comma >= 0 ? m.substring(comma + 2) : m).toLowerCase(java.util.Locale.ROOT);
    }

    /** ": " and the last non-blank line of a peer's error output, or nothing. */
    private static String lastLine(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String l : stderr.split("\n")) {
            if (!l.isBlank()) {
                lines.add(l.trim());
            }
        }
        return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
    }
}
