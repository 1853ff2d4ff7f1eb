package org.captchalab.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.captchalab.ui.training.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recently opened datasets and the run the user last loaded (or trained) for each, kept in {@link Preferences} (per user; the
 * store inside the dataset folder is for labels, not for window preferences). Failures to persist are logged
 * and ignored: losing a recent-files entry must never stop the user.
 */
public final class RecentDatasets {

    private static final Logger LOG = LoggerFactory.getLogger(RecentDatasets.class);
    private static final int MAX = 8;
    private final Preferences prefs;

    public RecentDatasets(Preferences prefs) {
        this.prefs = prefs;
    }

    public static RecentDatasets forUser() {
        return new RecentDatasets(Preferences.userRoot().node("org/captchalab/workbench"));
    }

    public List<Path> list() {
        String s = prefs.get("recent", "");
        List<Path> out = new ArrayList<>();
        Arrays.stream(s.split("\n")).filter(x -> !x.isBlank()).forEach(x -> out.add(Path.of(x)));
        return out;
    }

    public void remember(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        List<Path> list = list();
        list.remove(abs);
        list.add(0, abs);
        StringBuilder sb = new StringBuilder();
        list.stream().limit(MAX).forEach(p -> sb.append(p).append('\n'));
        prefs.put("recent", sb.toString());
        flush();
    }

    /**
     * The runs the user last loaded for {@code folder}: one name, or the members of an ensemble in the order they
     * were chosen; empty when none was chosen. (A single name, as earlier versions wrote it, reads as one run.)
     */
    public List<String> lastRuns(Path folder) {
        String s = prefs.get(key(folder), null);
        return s == null ? List.of() : Arrays.stream(s.split("\n")).filter(x -> !x.isEmpty()).toList();
    }

    /** Forgets the runs remembered for {@code folder} (they can no longer be read as one model). */
    public void forgetRuns(Path folder) {
        prefs.remove(key(folder));
        flush();
    }

    /**
     * Remembers the run, or the runs read as one model, loaded for {@code folder}. A name holding a line break
     * (a folder name can) could not be told apart from two; such a choice is not remembered, and the one before stays.
     */
    public void rememberRuns(Path folder, List<String> runNames) {
        if (runNames.isEmpty() || runNames.stream().anyMatch(n -> n.isEmpty() || n.contains("\n"))) {
            return;
        }
        prefs.put(key(folder), String.join("\n", runNames));
        flush();
    }

    /**
     * Whether {@code notice} (e.g. where a read-only folder's work is kept) is new for {@code folder}: true the first
     * time, when it is also recorded, and false after, until the notice changes.
     */
    public boolean firstTime(Path folder, String notice) {
        String key = "notice-" + Integer.toHexString((folder.toAbsolutePath().normalize() + "\n" + notice).hashCode());
        if (prefs.getBoolean(key, false)) {
            return false;
        }
        prefs.putBoolean(key, true);
        flush();
        return true;
    }

    /**
     * The settings of the last training run started (keys under {@code training-}), kept beside the recent
     * datasets: the Training tab opens with them.
     */
    public TrainingSettings.Store trainingSettings() {
        return new TrainingSettings.Store() {
            @Override
            public Map<String, String> load() {
                Map<String, String> values = new HashMap<>();
                try {
                    for (String k : prefs.keys()) {
                        if (k.startsWith(TRAINING)) {
                            values.put(k.substring(TRAINING.length()), prefs.get(k, null));
                        }
                    }
                } catch (BackingStoreException e) {
                    LOG.warn("could not read the remembered training settings: {}", e.toString());
                }
                return values;
            }

            @Override
            public void save(Map<String, String> values) {
                values.forEach((k, v) -> prefs.put(TRAINING + k, v));
                flush();
            }
        };
    }

    private static final String TRAINING = "training-";

    /**
     * "chosen-run-", not the earlier "run-": those entries also recorded the window's own automatic picks, so
     * they would pin a dataset to whatever run happened to be newest; they are ignored now.
     */
    private static String key(Path folder) {
        return "chosen-run-" + Integer.toHexString(folder.toAbsolutePath().normalize().toString().hashCode());
    }

    /**
     * Writes the preferences to disk on a background thread: these methods are called on the FX thread, and
     * a flush writes an XML file (the benchmark's watchdog caught it holding a pulse).
     */
    private void flush() {
        WRITER.execute(() -> {
            try {
                prefs.flush();
            } catch (Exception e) {
                LOG.warn("could not save preferences: {}", e.toString());
            }
        });
    }

    private static final java.util.concurrent.ExecutorService WRITER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "preferences-writer");
                t.setDaemon(true);
                return t;
            });
}
