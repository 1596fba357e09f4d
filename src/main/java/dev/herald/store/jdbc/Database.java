package dev.herald.store.jdbc;

import dev.herald.store.AccountStore;
import dev.herald.store.BindingStore;
import dev.herald.store.CredentialStore;
import dev.herald.store.ServiceStore;
import dev.herald.store.StoreException;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteDataSource;

/**
 * An open Herald database: its schema migrated, its stores ready. Closing it finishes queued writes first.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final Transactor tx;
    private final AccountStore accounts;
    private final ServiceStore services;
    private final CredentialStore credentials;
    private final BindingStore bindings;

    private Database(Transactor tx, SecretBox box) {
        this.tx = tx;
        this.accounts = new JdbcAccountStore(tx);
        this.services = new JdbcServiceStore(tx);
        this.credentials = new JdbcCredentialStore(tx, box);
        this.bindings = new JdbcBindingStore(tx);
    }

    /** Opens (creating if needed) the SQLite file and applies pending migrations. */
    public static Database openSqlite(Path file, SecretBox box, int readerPoolSize) {
        SQLiteDataSource source = new SQLiteDataSource(SqliteTransactor.config());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        migrate(source, Dialect.SQLITE);
        return new Database(new SqliteTransactor(file, readerPoolSize), box);
    }

    private static void migrate(javax.sql.DataSource source, Dialect dialect) {
        try {
            Flyway.configure().dataSource(source).locations(dialect.migrationLocations())
                    .failOnMissingLocations(false).load().migrate();
        } catch (FlywayException e) {
            throw new StoreException("The database schema could not be migrated: " + e.getMessage(), e);
        }
    }

    public AccountStore accounts() {
        return accounts;
    }

    public ServiceStore services() {
        return services;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public BindingStore bindings() {
        return bindings;
    }

    @Override
    public void close() {
        tx.close();
    }
}
