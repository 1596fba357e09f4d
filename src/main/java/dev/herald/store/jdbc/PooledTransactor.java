package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.herald.domain.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * A server database (PostgreSQL and its wire-compatible kin) behind a HikariCP pool. Writes run in READ
 * COMMITTED transactions and are retried a bounded number of times when the database reports a serialization
 * failure, a deadlock or a racing duplicate key ({@link Retry}); the work must therefore be repeatable.
 * PostgreSQL commits are durable by default ({@code synchronous_commit=on}); the engine's ({@link #writeBackground})
 * do not wait for it.
 */
final class PooledTransactor implements Transactor {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    /** What begins a background write's transaction; null where the server does not take it. */
    private final String backgroundCommit;
    /** Whether the server ends transactions left idle ({@code idle_in_transaction_session_timeout}). */
    private final boolean idleTimeout;
    /** What turns nested loops off for a transaction ({@link #rangeJoins}); null where the server does not take it. */
    private final String rangeJoins;
    /** What makes a transaction read through indexes ({@link #indexScans}); null where the server does not take it. */
    private final String indexScans;

    PooledTransactor(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, 2));
        config.setPoolName("herald-db");
        config.setConnectionTimeout(PoolConnections.SLICE_MILLIS); // and up to WAIT_MILLIS in slices while it is up
        config.setValidationTimeout(PoolConnections.SLICE_MILLIS / 2);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // The server's detail of an error quotes the row's values (a key, a failing row): keep them out of messages.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        // Batched INSERTs (a fan-out chunk of deliveries, tag rows) go as multi-row statements: fewer round trips.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            Set<String> accepted = accepted(jdbcUrl, user, password, GENERIC_PLANS, NO_JIT, NO_FLUSH_WAIT,
                    IDLE_TIMEOUT, NEST_LOOPS, SEQ_SCANS);
            String init = Stream.of(GENERIC_PLANS, NO_JIT).filter(accepted::contains)
                    .collect(Collectors.joining("; "));
            if (!init.isEmpty()) {
                config.setConnectionInitSql(init);
            }
            this.backgroundCommit = accepted.contains(NO_FLUSH_WAIT) ? NO_FLUSH_WAIT_LOCAL : null;
            this.idleTimeout = accepted.contains(IDLE_TIMEOUT);
            this.rangeJoins = accepted.contains(NEST_LOOPS) ? NO_NEST_LOOPS_LOCAL : null;
            this.indexScans = accepted.contains(SEQ_SCANS) ? NO_SEQ_SCANS_LOCAL : null;
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the database " + withoutParameters(jdbcUrl) + ": "
                    + StoreException.rootMessage(e), e);
        }
        this.jdbi = StatementMessages.withoutArguments(Jdbi.create(new PoolConnections(pool)));
    }

    /**
     * Plans each prepared statement once per connection. Herald's statements have one sensible plan whatever
     * their parameters (index order scans with a LIMIT, primary-key probes), while PostgreSQL's default keeps
     * re-planning a list query whose tag selectivity varies, which costs as much as running it.
     */
    private static final String GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan";

    /**
     * Never compiles a plan to machine code (PostgreSQL 11 and later). A generic plan's estimate can pass {@code
     * jit_above_cost} while its run takes microseconds: the poll for due callbacks then cost 2.5 ms a run, and
     * 80 ms the first time on a connection (BENCHMARKS.md §17). Herald runs no query long enough to gain by it.
     */
    private static final String NO_JIT = "SET jit = off";

    /** Lets a transaction's commit return before its WAL is flushed (PostgreSQL 8.3 and later). */
    private static final String NO_FLUSH_WAIT = "SET synchronous_commit = off";
    private static final String NO_FLUSH_WAIT_LOCAL = "SET LOCAL synchronous_commit = off";
    /** Ends a transaction left idle, and its session (PostgreSQL 9.6 and later); probed with its default, 0 (never). */
    private static final String IDLE_TIMEOUT = "SET idle_in_transaction_session_timeout = 0";
    /** The planner's choice of nested loops (PostgreSQL 7 and later); probed with its default, on. */
    private static final String NEST_LOOPS = "SET enable_nestloop = on";
    private static final String NO_NEST_LOOPS_LOCAL = "SET LOCAL enable_nestloop = off";
    /** The planner's choice of sequential scans (PostgreSQL 7 and later); probed with its default, on. */
    private static final String SEQ_SCANS = "SET enable_seqscan = on";
    private static final String NO_SEQ_SCANS_LOCAL = "SET LOCAL enable_seqscan = off";

    /**
     * Which of {@code settings} (those above) the server takes, each tried in turn on one connection of its own:
     * {@code plan_cache_mode} is PostgreSQL 12's and later (not CockroachDB's, for one), and servers that are only
     * wire-compatible may refuse {@code synchronous_commit = off}.
     */
    private static Set<String> accepted(String jdbcUrl, String user, String password, String... settings) {
        Set<String> accepted = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            for (String setting : settings) {
                try {
                    statement.execute(setting);
                    accepted.add(setting);
                } catch (SQLException e) {
                    // an unknown setting (autocommit: the connection goes on)
                }
            }
        } catch (SQLException e) {
            // no server: the pool reports it
        }
        return accepted;
    }

    /** {@code jdbcUrl} without its parameters, which may hold a password: {@code jdbc:postgresql://host:5432/db}. */
    static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    /** The pool for Flyway, borrowing as Jdbi does ({@link PoolConnections}). */
    javax.sql.DataSource dataSource() {
        return new PoolConnections(pool).asDataSource();
    }

    @Override
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw Failures.translate(e);
        }
    }

    @Override
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        return retried(() -> jdbi.inTransaction(work)); // READ COMMITTED, set once per pooled connection
    }

    /** Runs {@code work} on a connection in autocommit mode (the pool's default): one statement, one round trip. */
    @Override
    public <T> T writeStatement(HandleCallback<T, RuntimeException> work) {
        return retried(() -> jdbi.withHandle(work));
    }

    /** Runs {@code write}, again after a pause while it fails in a way worth repeating ({@link Retry}). */
    private static <T> T retried(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt >= Retry.MAX_ATTEMPTS || !Retry.isRetryable(e)) {
                    throw Failures.translate(e);
                }
                Retry.pause(attempt + 1);
            }
        }
    }

    /**
     * {@link #write} without waiting for the commit's WAL flush ({@code synchronous_commit = off} for this
     * transaction only, where the server takes it): a crash of the database server may lose the last moments of
     * the engine's writes (never a request's), which redoes that work: a claim or an outcome lost makes the delivery
     * due again (at least once), a fan-out chunk lost is expanded again with its cursor.
     */
    @Override
    public <T> T writeBackground(HandleCallback<T, RuntimeException> work) {
        if (backgroundCommit == null) {
            return write(work);
        }
        return write(h -> {
            h.execute(backgroundCommit);
            return work.withHandle(h);
        });
    }

    @Override
    public Handle beginBackground(long idleMillis) {
        Handle h = null;
        try {
            h = jdbi.open();
            h.begin();
            if (backgroundCommit != null) {
                h.execute(backgroundCommit);
            }
            if (idleTimeout) {
                h.execute("SET LOCAL idle_in_transaction_session_timeout = " + Math.max(1, idleMillis));
            }
            return h;
        } catch (RuntimeException e) {
            if (h != null) {
                end(h, false);
            }
            throw Failures.translate(e);
        }
    }

    @Override
    public String rangeJoins() {
        return rangeJoins;
    }

    @Override
    public String indexScans() {
        return indexScans;
    }

    /** Rolls back {@code h}'s transaction unless {@code committed}, and closes it, quietly. */
    static void end(Handle h, boolean committed) {
        try {
            if (!committed) {
                h.rollback();
            }
        } catch (RuntimeException e) {
            // a connection that broke: closing it is all that is left
        }
        try {
            h.close();
        } catch (RuntimeException e) {
            // the same
        }
    }

    @Override
    public Database.Figures figures() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return new Database.Figures(0, 0, 0, pool.getMaximumPoolSize(), 0);
        }
        return new Database.Figures(bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(), pool.getMaximumPoolSize(), 0);
    }

    @Override
    public void close() {
        pool.close();
    }
}
