package dev.herald.store.jdbc;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database serves: a read of Flyway's schema history answers within a bound and lists every migration
 * this version of Herald knows, and (SQLite) the file is still the one opened. One check runs at a time, on a
 * thread of its own, so that probes arriving while the database hangs wait on the same check instead of piling up.
 * The reasons are fixed sentences, safe to answer to anyone; the cause of a failure is logged when readiness is
 * lost. Thread-safe.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final Transactor tx;
    private final Set<String> expected;
    private final Supplier<String> fileProblem;
    private CompletableFuture<String> running;
    private volatile String last;

    /**
     * @param expected the versions of the migrations this Herald holds
     * @param fileProblem a reason the database file is no longer usable, or null (PostgreSQL: always null)
     */
    Readiness(Transactor tx, Set<String> expected, Supplier<String> fileProblem) {
        this.tx = tx;
        this.expected = Set.copyOf(expected);
        this.fileProblem = fileProblem;
    }

    /** Why the database does not serve now, or null when it does; waits at most {@code timeout}. */
    String problem(Duration timeout) {
        CompletableFuture<String> check;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(this::check, runnable -> {
                    Thread t = new Thread(runnable, "herald-readiness");
                    t.setDaemon(true);
                    t.start();
                });
            }
            check = running;
        }
        String problem;
        try {
            problem = check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            problem = "the database did not answer within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            problem = "the database check failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null && last == null) {
            LOG.warn("Not ready: {}.", problem);
        } else if (problem == null && last != null) {
            LOG.info("Ready again.");
        }
        last = problem;
        return problem;
    }

    private String check() {
        String file = fileProblem.get();
        if (file != null) {
            return file;
        }
        List<String> applied;
        try {
            applied = tx.read(h -> h.createQuery("SELECT version FROM flyway_schema_history WHERE success "
                    + "AND version IS NOT NULL").setQueryTimeout(5).mapTo(String.class).list());
        } catch (RuntimeException e) {
            if (last == null) {
                LOG.warn("The readiness check cannot read the database: {}", e.getMessage());
            }
            return "the database cannot be reached";
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(applied);
        return missing.isEmpty() ? null : "the database schema lacks " + missing.size() + " migration(s); run herald migrate";
    }
}
