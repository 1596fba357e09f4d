package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Borrows Jdbi's connections from the pool, telling a busy pool from a database out of reach. The pool's own wait
 * ({@code connectionTimeout}) is one short {@link #SLICE_MILLIS slice}; when a slice ends without a connection:
 * <ul>
 *   <li>if the pool's last attempt to open a connection failed (refused, timed out, too many connections), the
 *   database is down or refusing, and the borrower fails at once: the request answers 503 within a slice instead
 *   of after the whole wait, and every later request tries again, so serving resumes by itself when the database
 *   is back;</li>
 *   <li>otherwise every connection is merely in use, and the borrower waits another slice, up to
 *   {@link #WAIT_MILLIS} in all, as a single pool wait would.</li>
 * </ul>
 * The same rule serves Flyway through {@link #asDataSource}: a migration borrows a second connection while it holds
 * one, and a pool still opening that connection on a busy machine must not fail the start after one slice.
 */
final class PoolConnections implements ConnectionFactory {
    /** The pool's {@code connectionTimeout}: the longest a request waits to learn the database is out of reach. */
    static final long SLICE_MILLIS = 1_000;
    /** The longest a request waits for a connection while the database is up but every connection is in use. */
    static final long WAIT_MILLIS = 10_000;

    private final HikariDataSource pool;

    PoolConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection openConnection() throws SQLException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException timedOut) {
                boolean unreachable = timedOut.getCause() != null; // the pool's last attempt to connect failed
                if (unreachable || System.nanoTime() - deadline >= 0) {
                    throw timedOut;
                }
            }
        }
    }

    /**
     * The pool as a {@link DataSource} whose {@code getConnection()} waits as {@link #openConnection} does; every other
     * method is the pool's.
     */
    DataSource asDataSource() {
        return new Waiting();
    }

    private final class Waiting implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return openConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return pool.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return pool.isWrapperFor(type);
        }
    }
}
