package dev.herald.store.jdbc;

import dev.herald.domain.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what the database driver throws into the store's one exception, {@link StoreException}, telling passing
 * failures ({@link StoreException#busy}: locks held, serialization failures and deadlocks past their retries, no
 * connection to be had in time) from the rest.
 */
final class Failures {
    /** Serialization failure, deadlock, lock not available, cannot connect now, too many connections. */
    private static final Set<String> BUSY_STATES = Set.of("40001", "40P01", "55P03", "57P03", "53300");

    private Failures() {
    }

    /** {@code failure} as a {@link StoreException} if it came from the database, else {@code failure} itself. */
    static RuntimeException translate(RuntimeException failure) {
        if (!(failure instanceof JdbiException)) {
            return failure;
        }
        if (isBusy(failure)) {
            return StoreException.busy("The database is busy; try again.", failure);
        }
        return new StoreException("A database statement failed: " + StoreException.rootMessage(failure), failure);
    }

    static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                int primary = code == null ? 0 : code.code & 0xff;
                if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
                    return true;
                }
            } else if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    String state = e.getSQLState();
                    if (state != null && (BUSY_STATES.contains(state) || state.startsWith("08"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
