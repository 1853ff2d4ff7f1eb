package org.captchalab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.captchalab.dataset.CaptchaSample;

/**
 * The labels, the undo stack and the audit history. Callers hold the store's lock and own the transaction.
 */
final class LabelTable {

    private final Connection c;

    LabelTable(Connection c) {
        this.c = c;
    }

    /** Records the dataset's images; labels the user never edited follow the source, edited ones stay. */
    void sync(List<CaptchaSample> samples, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO images(path, hash, original_label, current_label,"
                + " updated_at) VALUES (?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET hash=excluded.hash,"
                + " original_label=excluded.original_label, current_label=CASE WHEN images.current_label IS"
                + " images.original_label THEN excluded.original_label ELSE images.current_label END"
                + " WHERE images.hash IS NOT excluded.hash OR images.original_label IS NOT excluded.original_label")) {
            for (CaptchaSample s : samples) {
                ps.setString(1, s.path());
                ps.setString(2, s.hash());
                ps.setString(3, s.label());
                ps.setString(4, s.label());
                ps.setLong(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Map<String, String> current() throws SQLException {
        return byPath("current_label");
    }

    /** Paths and content hashes of every known image. */
    Map<String, String> hashes() throws SQLException {
        return byPath("hash");
    }

    /** One column of every known image, by path; {@code column} is one of ours, never the user's text. */
    private Map<String, String> byPath(String column) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, " + column + " FROM images");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** {current, original} of one image, or null when the store does not know it. */
    String[] row(String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT current_label, original_label FROM images WHERE path=?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    void setCurrent(String path, String label, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO images(path, original_label, current_label,"
                + " updated_at) VALUES (?, NULL, ?, ?) ON CONFLICT(path) DO UPDATE SET"
                + " current_label=excluded.current_label, updated_at=excluded.updated_at")) {
            ps.setString(1, path);
            setNullable(ps, 2, label);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    long pushEdit(String path, String oldLabel, String newLabel, String author, long now) throws SQLException {
        try (PreparedStatement drop = c.prepareStatement("UPDATE edits SET state='dropped' WHERE state='undone'")) {
            drop.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO edits(path, old_label, new_label, state, author,"
                + " at) VALUES (?,?,?,'done',?,?)")) {
            ps.setString(1, path);
            setNullable(ps, 2, oldLabel);
            setNullable(ps, 3, newLabel);
            ps.setString(4, author);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
        return lastId();
    }

    /** The edit undo would revert (latest done), or the one redo would re-apply (earliest undone). */
    Optional<Edit> top(boolean forUndo) throws SQLException {
        String sql = forUndo
                ? "SELECT id, path, old_label, new_label, author, at FROM edits WHERE state='done' ORDER BY id DESC LIMIT 1"
                : "SELECT id, path, old_label, new_label, author, at FROM edits WHERE state='undone' ORDER BY id LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Edit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    Edit.Kind.EDIT, rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
        }
    }

    void markEdit(long id, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE edits SET state=? WHERE id=?")) {
            ps.setString(1, state);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    Edit addHistory(String path, String oldLabel, String newLabel, Edit.Kind kind, String author, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO history(path, old_label, new_label, kind, author,"
                + " at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, path);
            setNullable(ps, 2, oldLabel);
            setNullable(ps, 3, newLabel);
            ps.setString(4, kind.name());
            ps.setString(5, author);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
        return new Edit(lastId(), path, oldLabel, newLabel, kind, author, Instant.ofEpochMilli(now));
    }

    List<Edit> history(String pathOrNull) throws SQLException {
        String sql = "SELECT id, path, old_label, new_label, kind, author, at FROM history"
                + (pathOrNull == null ? "" : " WHERE path=?") + " ORDER BY id";
        List<Edit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (pathOrNull != null) {
                ps.setString(1, pathOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Edit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Edit.Kind.valueOf(rs.getString(5)), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                }
            }
        }
        return out;
    }

    /** Images whose current label differs from the original, with that label, sorted by path. */
    Map<String, String> edited() throws SQLException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, current_label FROM images"
                + " WHERE current_label IS NOT original_label ORDER BY path");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private long lastId() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
