package org.captchalab.ui.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import org.captchalab.ui.RecentDatasets;

/**
 * Preferences kept in memory only, for tests: the user's own preferences file is never written (nodes named
 * {@code test-<time>} under the user root were left there by every test run, 1,506 of them on the development
 * machine).
 */
public final class MemoryPreferences extends AbstractPreferences {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, MemoryPreferences> children = new HashMap<>();

    public MemoryPreferences() {
        this(null, "");
    }

    private MemoryPreferences(MemoryPreferences parent, String name) {
        super(parent, name);
    }

    /** The window's recent datasets and remembered runs, in a fresh in-memory node. */
    public static RecentDatasets recent() {
        return new RecentDatasets(new MemoryPreferences());
    }

    @Override
    protected void putSpi(String key, String value) {
        values.put(key, value);
    }

    @Override
    protected String getSpi(String key) {
        return values.get(key);
    }

    @Override
    protected void removeSpi(String key) {
        values.remove(key);
    }

    @Override
    protected void removeNodeSpi() {
        values.clear();
        children.clear();
    }

    @Override
    protected String[] keysSpi() {
        return values.keySet().toArray(String[]::new);
    }

    @Override
    protected String[] childrenNamesSpi() {
        return children.keySet().toArray(String[]::new);
    }

    @Override
    protected AbstractPreferences childSpi(String name) {
        return children.computeIfAbsent(name, n -> new MemoryPreferences(this, n));
    }

    @Override
    protected void syncSpi() {
        // nothing to read back
    }

    @Override
    protected void flushSpi() {
        // nothing to write
    }
}
