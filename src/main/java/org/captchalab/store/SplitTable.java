package org.captchalab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.captchalab.dataset.Split;
import org.captchalab.dataset.SplitAssignment;
import org.captchalab.dataset.SplitRatios;

/** The persisted split: one row per image plus the seed and ratios in {@code meta}. Caller holds the lock. */
final class SplitTable {

    private final Connection c;

    SplitTable(Connection c) {
        this.c = c;
    }

    Optional<SplitAssignment> load() throws SQLException {
        String seed = meta("split_seed");
        if (seed == null) {
            return Optional.empty();
        }
        String[] r = meta("split_ratios").split("/");
        SplitRatios ratios = new SplitRatios(Double.parseDouble(r[0]), Double.parseDouble(r[1]), Double.parseDouble(r[2]));
        Map<String, Split> byPath = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, part FROM split"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byPath.put(rs.getString(1), Split.parse(rs.getString(2)));
            }
        }
        return Optional.of(new SplitAssignment(Long.parseLong(seed), ratios, byPath));
    }

    /** Replaces the stored split (caller commits). */
    void save(SplitAssignment a) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM split")) {
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO split(path, part) VALUES (?,?)")) {
            for (Map.Entry<String, Split> e : a.byPath().entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        putMeta("split_seed", Long.toString(a.seed()));
        putMeta("split_ratios", a.ratios().train() + "/" + a.ratios().val() + "/" + a.ratios().test());
    }

    String meta(String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key=?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO meta(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}
