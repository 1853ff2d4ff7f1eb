package org.captchalab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.captchalab.MallocTuning;

/**
 * Runs a peer benchmark script (such as {@code ../shared/bench/peer_torch.py}) in a child process and reads its
 * figures: the last line of its standard output that is a JSON object with {@code train_img_s} and
 * {@code infer_img_s}, both positive.
 *
 * <p>The peer runs either with glibc's allocator defaults (the three {@code MALLOC_*} settings are removed from its
 * environment, as in a plain shell), or with the settings this program's launcher uses ({@link #environment}), so
 * that both sides allocate alike. Its output goes to temporary files, so a chatty peer never blocks on a full pipe; a
 * peer still running when this process stops or is interrupted is stopped with it.
 */
final class PeerBench {

    /** The peer's allocator environment. */
    enum Malloc {
        /** glibc's defaults: none of the three settings. */
        DEFAULT,
        /** The launcher's settings (see {@link PeerBench#environment}). */
        TUNED
    }

    /** One run's figures; {@code raw} is the peer's whole JSON line. */
    record Figures(double trainImagesPerSecond, double inferImagesPerSecond, Malloc malloc, JsonNode raw) {
    }

    private final String interpreter;
    private final Path script;
    private final long timeoutSeconds;

    /**
     * Checks that the script and the interpreter exist, so that a run fails before anything is measured.
     *
     * @param interpreter    the program that runs the script ({@code /usr/bin/python3} for the PyTorch peer); a
     *                       bare name is looked up on the PATH
     * @param script         the peer's script
     * @param timeoutSeconds how long one run may take before it is stopped
     */
    PeerBench(String interpreter, Path script, long timeoutSeconds) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException(script + ": no such peer script");
        }
        if (!executable(interpreter)) {
            throw new IllegalArgumentException(interpreter + ": no such program; for the PyTorch peer: apt-get install"
                    + " -y python3-torch");
        }
        this.interpreter = interpreter;
        this.script = script;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Whether {@code program} is an executable file, given as a path or found on the PATH. */
    private static boolean executable(String program) {
        if (program.contains(File.separator)) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The environment changes for {@code malloc}: a null value removes the variable. The tuned settings are this
     * process's own values where it has them (the launcher keeps values a user set), the launcher's otherwise.
     */
    static Map<String, String> environment(Malloc malloc, Map<String, String> ownEnvironment) {
        Map<String, String> changes = new LinkedHashMap<>();
        MallocTuning.SETTINGS.forEach((k, v) -> changes.put(k,
                malloc == Malloc.TUNED ? ownEnvironment.getOrDefault(k, v) : null));
        return changes;
    }

    /** Runs the peer once and returns its figures; fails with a one-line message naming the script and the reason. */
    Figures run(Malloc malloc) throws IOException, InterruptedException {
        Path out = Files.createTempFile("captchalab-peer", ".out");
        Path err = Files.createTempFile("captchalab-peer", ".err");
        ProcessBuilder pb = new ProcessBuilder(interpreter, script.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        environment(malloc, System.getenv()).forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = null;
        Thread stopper = null;
        try {
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalArgumentException(interpreter + ": cannot run it, " + reason(e)
                        + "; for the PyTorch peer: apt-get install -y python3-torch", e);
            }
            Process child = p;
            stopper = new Thread(() -> stop(child), "stop-peer");
            Runtime.getRuntime().addShutdownHook(stopper);
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(script + ": no result within " + timeoutSeconds + " seconds");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + ": exited with status " + p.exitValue()
                        + lastLine(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return parse(Files.readString(out, StandardCharsets.UTF_8), malloc);
        } finally {
            if (p != null) {
                stop(p);
            }
            if (stopper != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it stops the peer
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Stops a peer still running, and its own children. */
    private static void stop(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
            JsonNode j;
            try {
                j = mapper.readTree(line);
            } catch (IOException e) {
                continue; // not JSON after all: look further up
            }
            if (j.path("train_img_s").isNumber() && j.path("infer_img_s").isNumber()) {
                double train = j.get("train_img_s").asDouble();
                double infer = j.get("infer_img_s").asDouble();
                if (!(train > 0 && infer > 0 && Double.isFinite(train) && Double.isFinite(infer))) {
                    throw new IllegalStateException(script + ": reported " + train + " / " + infer
                            + " images/second; both must be positive");
                }
                return new Figures(train, infer, malloc, j);
            }
        }
        throw new IllegalStateException(script + ": printed no JSON line with train_img_s and infer_img_s");
    }

    /** Why a program could not start, from the JDK's message ("Cannot run program ...: error=2, No such file ..."). */
    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int comma = m.lastIndexOf(", ");
        return (comma >= 0 ? m.substring(comma + 2) : m).toLowerCase(Locale.ROOT);
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
