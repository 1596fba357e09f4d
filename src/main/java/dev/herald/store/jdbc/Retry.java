package dev.herald.store.jdbc;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which database failures mean "run the transaction again": serialization failures and deadlocks (as
 * PostgreSQL, CockroachDB and YugabyteDB report them) and unique violations from a racing insert of the same
 * key (the retry then sees the committed row). Retries are bounded and spaced with jittered backoff.
 */
final class Retry {
    static final int MAX_ATTEMPTS = 8;
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23505");

    private Retry() {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && RETRYABLE.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Sleeps before attempt {@code attempt} (2, 3, …): about 2, 4, 8 … ms, capped at 100 ms, with jitter. */
    static void pause(int attempt) {
        long cap = Math.min(100, 1L << Math.min(attempt, 7));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
