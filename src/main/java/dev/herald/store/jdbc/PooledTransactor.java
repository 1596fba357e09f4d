package dev.herald.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.store.StoreException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * A server database (PostgreSQL and its wire-compatible kin) behind a HikariCP pool. Writes run in READ
 * COMMITTED transactions and are retried a bounded number of times when the database reports a serialization
 * failure, a deadlock or a racing duplicate key ({@link Retry}); the work must therefore be repeatable.
 * PostgreSQL commits are durable by default ({@code synchronous_commit=on}).
 */
final class PooledTransactor implements Transactor {
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    PooledTransactor(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, 2));
        config.setPoolName("herald-db");
        config.setConnectionTimeout(10_000);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the database " + jdbcUrl + ": " + StoreException.rootMessage(e), e);
        }
        this.jdbi = Jdbi.create(pool);
    }

    javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    @Override
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work); // READ COMMITTED, set once per pooled connection
            } catch (RuntimeException e) {
                if (attempt >= Retry.MAX_ATTEMPTS || !Retry.isRetryable(e)) {
                    throw e;
                }
                Retry.pause(attempt + 1);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
