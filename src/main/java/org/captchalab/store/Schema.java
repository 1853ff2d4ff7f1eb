package org.captchalab.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The work store's tables, and the connection settings that make it crash-safe.
 *
 * <p>{@code journal_mode=WAL}: a commit appends to the write-ahead log, readers never block the writer, and a
 * process killed mid-write leaves the last committed state intact (the partial frame is ignored on recovery).
 * {@code synchronous=FULL}: every commit is fsync'ed before it returns, so an acknowledged edit survives not
 * only a killed process (which NORMAL would also survive, since the OS holds the written data) but a power cut
 * too. Label edits arrive at human typing speed and predictions are written in one transaction per batch, so
 * the fsync per commit costs nothing anyone notices.
 */
final class Schema {

    static final int VERSION = 1;

    private Schema() {
    }

    static void configure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
        }
    }

    static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            int version = 0;
            try (var rs = st.executeQuery("PRAGMA user_version")) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
            if (version > VERSION) {
                throw new StoreException("the work store was written by a newer CaptchaLab (schema " + version
                        + ", this one knows " + VERSION + ")");
            }
            st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS images (path TEXT PRIMARY KEY, hash TEXT,"
                    + " original_label TEXT, current_label TEXT, updated_at INTEGER)");
            // The undo stack: state is 'done', 'undone' (redo-able) or 'dropped' (a new edit came after undo).
            st.execute("CREATE TABLE IF NOT EXISTS edits (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL,"
                    + " old_label TEXT, new_label TEXT, state TEXT NOT NULL, author TEXT, at INTEGER NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS edits_state ON edits(state, id)");
            // The audit trail: every change, including undo and redo.
            st.execute("CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL,"
                    + " old_label TEXT, new_label TEXT, kind TEXT NOT NULL, author TEXT, at INTEGER NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS history_path ON history(path, id)");
            st.execute("CREATE TABLE IF NOT EXISTS split (path TEXT PRIMARY KEY, part TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS predictions (model_id TEXT NOT NULL, path TEXT NOT NULL,"
                    + " predicted TEXT, confidence REAL, loss REAL, positions TEXT,"
                    + " PRIMARY KEY (model_id, path))");
            st.execute("PRAGMA user_version=" + VERSION);
        }
    }
}
