package org.captchalab.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work as one transaction on the store's connection: commit on success, roll back on any
 * failure, SQL errors turned into {@link StoreException}. Callers hold the store's lock.
 */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final Connection connection;

    Transactions(Connection connection) {
        this.connection = connection;
    }

    /** A unit of work that may fail with an SQL error. */
    interface Work<T> {
        T run() throws SQLException;
    }

    <T> T read(Work<T> work) {
        return run(work, "read");
    }

    <T> T write(Work<T> work) {
        return run(work, "write");
    }

    private <T> T run(Work<T> work, String what) {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("work store " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }
}
