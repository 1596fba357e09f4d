package dev.herald.store.jdbc;

import dev.herald.domain.AccountStore;
import dev.herald.domain.BindingStore;
import dev.herald.domain.CallbackQueue;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.KeyStore;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.CredentialStore;
import dev.herald.domain.ServiceStore;
import dev.herald.domain.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * An open Herald database, the one entry point of {@code store.jdbc}: its schema migrated, the master key checked,
 * its stores ready. Closing it finishes queued writes first. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final Transactor tx;
    private final Dialect dialect;
    private final AccountStore accounts;
    private final KeyStore keys;
    private final ServiceStore services;
    private final CredentialStore credentials;
    private final BindingStore bindings;
    private final JdbcNotificationStore notifications;
    private final JdbcDeliveryQueue queue;
    private final JdbcCallbackQueue callbacks;
    private final SecretBox box;
    private final Readiness readiness;
    private final SettingsVersion settingsVersion = new SettingsVersion();

    private static final String KEY_CHECK = "herald-master-key-check";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * The figures of the connections: in use, idle, callers waiting for one, the most there may be (PostgreSQL:
     * the pool's; SQLite: the readers'), and the writes queued for SQLite's one writer (0 on PostgreSQL).
     */
    public record Figures(int active, int idle, int waiting, int max, int writeQueue) {
    }

    private Database(Transactor tx, SecretBox box, Dialect dialect, Readiness readiness) {
        this.tx = tx;
        this.dialect = dialect;
        this.accounts = new JdbcAccountStore(tx, box);
        this.keys = new JdbcKeyStore(tx);
        this.services = new JdbcServiceStore(tx, dialect, settingsVersion);
        this.credentials = new JdbcCredentialStore(tx, box, dialect, settingsVersion);
        this.bindings = new JdbcBindingStore(tx, dialect);
        this.notifications = new JdbcNotificationStore(tx, dialect, dialect == Dialect.SQLITE ? null
                : new SendBatches(tx, Math.min(4, tx.figures().max() / 4))); // SQLite's writer batches already
        this.queue = new JdbcDeliveryQueue(tx, dialect);
        this.callbacks = new JdbcCallbackQueue(tx, dialect);
        this.box = box;
        this.readiness = readiness;
    }

    /**
     * Opens (creating if needed) the SQLite file and applies pending migrations; {@code masterKey} (32 bytes)
     * seals and opens Credential secrets.
     */
    public static Database openSqlite(Path file, byte[] masterKey, int readerPoolSize) {
        return openSqlite(file, masterKey, readerPoolSize, false);
    }

    /**
     * {@link #openSqlite(Path, byte[], int)}, first checking that an existing file is not damaged when
     * {@code checkIntegrity} ({@code PRAGMA quick_check}, at most {@link IntegrityCheck#BOUND}; a check the bound
     * cuts short is logged and the file opened). A damaged file fails with a {@link StoreException}.
     */
    public static Database openSqlite(Path file, byte[] masterKey, int readerPoolSize, boolean checkIntegrity) {
        if (checkIntegrity && isNonEmpty(file) && !IntegrityCheck.run(file, IntegrityCheck.BOUND)) {
            LOG.warn("The integrity check of {} stopped after {} s without finding damage; the rest of the file was "
                    + "not checked (--skip-integrity-check skips the check).", file.toAbsolutePath(),
                    IntegrityCheck.BOUND.toSeconds());
        }
        SecretBox box = new SecretBox(masterKey);
        createPrivate(file);
        SQLiteDataSource source = new SQLiteDataSource(SqliteTransactor.migrationConfig());
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Set<String> versions = migrate(source, Dialect.SQLITE);
        SqliteTransactor tx = new SqliteTransactor(file, readerPoolSize);
        return checked(tx, box, Dialect.SQLITE, new Readiness(tx, versions, sameFile(file)));
    }

    /** Connects to a PostgreSQL database (a pool of at most {@code poolSize}) and applies pending migrations. */
    public static Database openPostgres(String jdbcUrl, String user, String password, int poolSize,
                                        byte[] masterKey) {
        SecretBox box = new SecretBox(masterKey);
        PooledTransactor tx = new PooledTransactor(jdbcUrl, user, password, poolSize);
        Set<String> versions;
        try {
            versions = migrate(tx.dataSource(), Dialect.POSTGRES);
        } catch (RuntimeException e) {
            tx.close();
            throw e;
        }
        return checked(tx, box, Dialect.POSTGRES, new Readiness(tx, versions, () -> null));
    }

    /**
     * Creates a missing database file readable by its owner only (0600) before SQLite opens it: SQLite would create
     * it 0644 (less the umask), and it gives the {@code -wal} and {@code -shm} files the database file's mode.
     */
    private static void createPrivate(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
            // an existing database keeps its mode; without POSIX modes SQLite creates the file
        } catch (IOException e) {
            throw new StoreException("Cannot create the SQLite database " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean isNonEmpty(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false; // missing: a new database
        }
    }

    /**
     * A check that {@code file} is still the file opened (not deleted, moved away or replaced): SQLite goes on
     * writing to a file deleted under it, and every write would be lost at the next start.
     */
    private static Supplier<String> sameFile(Path file) {
        Object opened = fileKey(file);
        return () -> {
            Object now = fileKey(file);
            return now == null || (opened != null && !opened.equals(now))
                    ? "the SQLite database file is missing or was replaced" : null;
        };
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : Boolean.TRUE; // no file keys here: existence only
        } catch (IOException e) {
            return null;
        }
    }

    /** Applies pending migrations; returns the versions of the migrations this Herald holds. */
    private static Set<String> migrate(DataSource source, Dialect dialect) {
        try {
            Flyway flyway = Flyway.configure().dataSource(source).locations(dialect.migrationLocations())
                    .failOnMissingLocations(false).load();
            flyway.migrate();
            Set<String> versions = new HashSet<>();
            for (MigrationInfo info : flyway.info().all()) {
                if (info.getVersion() != null && info.getState().isResolved()) {
                    versions.add(info.getVersion().getVersion());
                }
            }
            return versions;
        } catch (FlywayException e) {
            String reason = e.getCause() != null ? StoreException.rootMessage(e)
                    : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "); // Flyway's own, over several lines
            throw new StoreException("The database schema could not be migrated: " + reason, e);
        }
    }

    /**
     * Makes sure that {@code box} holds the key this database's secrets were sealed with: the first open seals a
     * known value into {@code settings}; later opens must be able to open it.
     */
    private static Database checked(Transactor tx, SecretBox box, Dialect dialect, Readiness readiness) {
        try {
            String sealed = tx.write(h -> {
                h.createUpdate("INSERT INTO settings (name, value) VALUES ('master_key_check', :value) "
                        + "ON CONFLICT (name) DO NOTHING").bind("value", box.seal(KEY_CHECK, KEY_CHECK)).execute();
                return h.createQuery("SELECT value FROM settings WHERE name = 'master_key_check'")
                        .mapTo(String.class).one();
            });
            box.open(sealed, KEY_CHECK);
        } catch (IllegalStateException e) {
            tx.close();
            throw new StoreException("The master key is not the one this database's Credential secrets were "
                    + "sealed with; set HERALD_MASTER_KEY (or master.key) to that key.", e);
        } catch (RuntimeException e) {
            tx.close();
            throw e;
        }
        return new Database(tx, box, dialect, readiness);
    }

    public AccountStore accounts() {
        return accounts;
    }

    public KeyStore keys() {
        return keys;
    }

    public ServiceStore services() {
        return services;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /**
     * A count of the writes to Services and Credentials made through this database object: while it stays the
     * same, what the delivery engine read of them is still current, as far as this process knows.
     */
    public LongSupplier settingsVersion() {
        return settingsVersion::current;
    }

    public BindingStore bindings() {
        return bindings;
    }

    public NotificationStore notifications() {
        return notifications;
    }

    public DeliveryQueue deliveryQueue() {
        return queue;
    }

    public CallbackQueue callbackQueue() {
        return callbacks;
    }

    /** The transactions behind the stores, for {@code store.jdbc.transfer}, which moves whole tables. */
    public Transactor transactor() {
        return tx;
    }

    /** The master key's box that seals Credential secrets, for {@code store.jdbc.transfer}. */
    public SecretBox secretBox() {
        return box;
    }

    /** Whether tag rows written before migration V3 may still lack their {@link TagMask} ({@link #fillTagMasks}). */
    public boolean tagMasksPending() {
        return TagMaskFill.pending(tx);
    }

    /**
     * Fills the {@link TagMask} of tag rows written before migration V3, a batch per transaction, resuming where
     * an interrupted fill stopped; {@code progress} gets the number of Bindings done after each batch. Returns
     * how many Bindings it went through. Safe while other nodes serve the same database.
     */
    public long fillTagMasks(LongConsumer progress) {
        return fillTagMasks(TagMaskFill.BATCH, progress);
    }

    long fillTagMasks(int batchSize, LongConsumer progress) {
        return TagMaskFill.run(tx, batchSize, progress);
    }

    /** The connections' and the write queue's figures now (cheap: no database work). */
    public Figures figures() {
        return tx.figures();
    }

    /**
     * Why this database cannot serve now, as a sentence safe to show anyone (unreachable, not answering within
     * {@code timeout}, a migration missing, the SQLite file gone), or null when it serves. Waits at most
     * {@code timeout}.
     */
    public String readinessProblem(Duration timeout) {
        return readiness.problem(timeout);
    }

    public boolean isPostgres() {
        return dialect == Dialect.POSTGRES;
    }

    /** {@code sqlite} or {@code postgresql}. */
    public String engine() {
        return dialect.folder();
    }

    @Override
    public void close() {
        queue.close();
        notifications.close();
        tx.close();
    }
}
