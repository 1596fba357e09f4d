package dev.herald;

import dev.herald.api.AdminServer;
import dev.herald.api.ApiServer;
import dev.herald.api.ListeningSocket;
import dev.herald.api.Operations;
import dev.herald.config.Config;
import dev.herald.config.ConfigException;
import dev.herald.config.DataDir;
import dev.herald.config.DbConfig;
import dev.herald.config.TlsConfig;
import dev.herald.delivery.Channel;
import dev.herald.delivery.DeliveryEngine;
import dev.herald.delivery.EngineSettings;
import dev.herald.delivery.callbacks.CallbackSender;
import dev.herald.delivery.callbacks.CallbackSettings;
import dev.herald.domain.Accounts;
import dev.herald.domain.BindingType;
import dev.herald.domain.Bindings;
import dev.herald.domain.Credentials;
import dev.herald.domain.Keys;
import dev.herald.domain.Notifications;
import dev.herald.domain.Services;
import dev.herald.metrics.Metrics;
import dev.herald.store.jdbc.Database;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Herald: database, use cases and HTTP server, wired by hand. {@link #close} stops the server
 * (letting requests in flight finish), then flushes and closes the database.
 */
public final class Herald implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Herald.class);
    private final Database database;
    private final ApiServer api;
    private final DeliveryEngine engine;
    private final Map<BindingType, Channel> channels;
    private final CallbackSender callbacks;
    private final Metrics metrics;
    private final AdminServer admin;

    private Herald(Database database, ApiServer api, DeliveryEngine engine, Map<BindingType, Channel> channels,
                   CallbackSender callbacks, Metrics metrics, AdminServer admin) {
        this.metrics = metrics;
        this.admin = admin;
        this.engine = engine;
        this.callbacks = callbacks;
        this.database = database;
        this.api = api;
        this.channels = channels;
    }

    /**
     * What {@link #openDatabase} makes sure of before it opens a SQLite file, so that a damaged or lost one stops a
     * command with a message instead of serving errors or an empty store (PostgreSQL: nothing).
     */
    public enum Checks {
        /** Writable; missing or empty only where the data directory shows no store ever was. */
        EXISTING,
        /** {@link #EXISTING}, and sound by {@code PRAGMA quick_check} (bounded in time). */
        INTACT,
        /** Writable; missing or empty is a new store, whatever the data directory holds ({@code herald import}). */
        NEW
    }

    /**
     * Binds the listening socket, then opens the data directory and database, makes sure of the account, and starts
     * serving: nothing is written when the host or port is wrong.
     */
    public static Herald start(Config config) {
        ServerSocketChannel socket = ListeningSocket.bind(config.host(), config.port());
        ServerSocketChannel adminSocket = null;
        try {
            if (config.ops().admin()) {
                adminSocket = ListeningSocket.bind(config.ops().adminHost(), config.ops().adminPort(), "--admin-host",
                        "--admin-port");
            }
            return start(config, socket, adminSocket);
        } catch (RuntimeException e) {
            for (ServerSocketChannel bound : new ServerSocketChannel[] {socket, adminSocket}) {
                try {
                    if (bound != null) {
                        bound.close();
                    }
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static Herald start(Config config, ServerSocketChannel socket, ServerSocketChannel adminSocket) {
        DataDir data = new DataDir(config.dataDir()).create();
        Database database = openDatabase(config.db(), data, config.masterKey(),
                config.integrityCheck() ? Checks.INTACT : Checks.EXISTING);
        Map<BindingType, Channel> channels = Map.of();
        try {
            Clock clock = Clock.systemUTC();
            channels = DeliveryChannels.of(config.delivery(), config.providers());
            Accounts accounts = new Accounts(database.accounts(), clock);
            bootstrapAccount(config, data, accounts);
            long unsigned = accounts.withoutToken();
            if (unsigned > 0) {
                LOG.warn("{} account(s) were created before Herald kept auth tokens sealed, so Herald cannot sign "
                        + "requests on their behalf (X-Twilio-Signature) until HERALD_AUTH_TOKEN or `herald accounts "
                        + "set-token` sets their token again.", unsigned);
            }
            Services services = new Services(database.services(), database.credentials(), clock);
            Credentials credentials = new Credentials(database.credentials(), clock);
            Bindings bindings = new Bindings(database.services(), database.credentials(), database.bindings(), clock);
            DeliveryEngine engine = new DeliveryEngine(database.deliveryQueue(), database.services(),
                    database.credentials(), database.settingsVersion(), channels, clock,
                    EngineSettings.defaults().withBatch(database.isPostgres() ? EngineSettings.POSTGRES_BATCH
                                    : EngineSettings.SQLITE_BATCH).withMaxAttempts(config.delivery().maxAttempts())
                            .withRetention(config.delivery().retention()).withLease(config.delivery().lease()));
            Notifications notifications = new Notifications(database.services(),
                    new WakingNotificationStore(database.notifications(), engine::wake), clock);
            engine.start();
            CallbackSender callbacks = new CallbackSender(database.callbackQueue(), accounts::authToken,
                    CallbackSettings.defaults(config.delivery().allowPrivateCallbacks()), clock, engine::backlogged)
                    .start();
            ApiServer api;
            Metrics metrics = Instruments.of(database, engine.figures());
            AdminServer admin = null;
            try {
                Operations.Readiness readiness = () -> database.readinessProblem(READINESS_TIMEOUT);
                api = new ApiServer(accounts, new Keys(database.keys(), clock), services, credentials, bindings,
                        notifications, config.publicUrl(), config.httpThreads(), config.accountConcurrency())
                        .withOperations(new Operations(tls(config.ops().tls()), readiness, metrics::request,
                                config.ops().log().accessLog(), config.ops().console()))
                        .start(socket);
                engine.deferTo(api::crowded);
                metrics.gauge("herald.http.requests.in.flight", "Authenticated requests under way",
                        api::requestsInFlight);
                if (adminSocket != null) {
                    try {
                        admin = new AdminServer(metrics::scrape, readiness).start(adminSocket);
                    } catch (RuntimeException e) {
                        api.close();
                        throw e;
                    }
                }
            } catch (RuntimeException e) {
                engine.stop(0);
                callbacks.close(0);
                metrics.close();
                throw e;
            }
            LOG.info("Herald is serving {} on {}:{} with {}, delivery {}", config.ops().tls() == null ? "HTTP" : "HTTPS",
                    config.host(), api.port(), config.db(), config.delivery().mode().name().toLowerCase(Locale.ROOT));
            if (admin != null) {
                LOG.info("Metrics, health and readiness are served on {}:{}", config.ops().adminHost(), admin.port());
            }
            if (database.tagMasksPending()) {
                LOG.warn("Bindings created before this version lack their tag masks: lists by several tags are "
                        + "correct but slower until `herald migrate` fills them (it can run while Herald serves).");
            }
            return new Herald(database, api, engine, channels, callbacks, metrics, admin);
        } catch (RuntimeException e) {
            try {
                DeliveryChannels.close(channels);
            } finally {
                database.close();
            }
            throw e;
        }
    }

    /**
     * Opens the configured database, migrated, with the master key from the environment or the data dir, after the
     * {@code checks} (a {@link dev.herald.config.ConfigException} or a {@code StoreException} when one fails).
     */
    public static Database openDatabase(DbConfig db, DataDir data, String masterKey, Checks checks) {
        if (db.isSqlite()) {
            data.checkDatabaseFile(db.sqliteFile(), checks == Checks.NEW); // before master.key may be created
            List<Path> exposed = data.readableByOthers(db.sqliteFile());
            if (!exposed.isEmpty()) {
                LOG.warn("Other users of this machine may read {}, which hold Binding addresses and token hashes: "
                        + "chmod 600 them.", exposed);
            }
        }
        byte[] key = data.masterKey(masterKey);
        if (db.isSqlite()) {
            return Database.openSqlite(db.sqliteFile(), key, db.poolSize(), checks == Checks.INTACT);
        }
        return Database.openPostgres(db.jdbcUrl(), db.user(), db.password(), db.poolSize(), key);
    }

    private static void bootstrapAccount(Config config, DataDir data, Accounts accounts) {
        if (config.accountSid() != null) {
            accounts.ensure(config.accountSid(), config.authToken());
            return;
        }
        if (accounts.any()) {
            return;
        }
        Accounts.NewAccount created = accounts.create();
        try {
            DataDir.writePrivate(data.credentialsFile(),
                    "account_sid=" + created.sid() + "\nauth_token=" + created.authToken() + "\n");
        } catch (IOException e) {
            throw new ConfigException("The new account's credentials cannot be written to " + data.credentialsFile()
                    + ": " + e.getMessage(), e);
        }
        System.out.println("Created account " + created.sid() + "; its auth token is in " + data.credentialsFile());
    }

    /** Opens an existing database ({@link Checks#EXISTING}) without serving, for command-line tools and tests. */
    public static <T> T withDatabase(DbConfig db, Path dataDir, Function<Database, T> work) {
        return withDatabase(db, dataDir, Checks.EXISTING, work);
    }

    /** Opens the database after {@code checks}, without serving, for command-line tools and tests. */
    public static <T> T withDatabase(DbConfig db, Path dataDir, Checks checks, Function<Database, T> work) {
        DataDir data = new DataDir(dataDir).create();
        try (Database database = openDatabase(db, data, System.getenv("HERALD_MASTER_KEY"), checks)) {
            return work.apply(database);
        }
    }

    /** {@link #withDatabase} for API key tools. */
    public static <T> T withKeys(DbConfig db, Path dataDir, Function<Keys, T> work) {
        return withDatabase(db, dataDir, database -> work.apply(new Keys(database.keys(), Clock.systemUTC())));
    }

    /** {@link #withDatabase} for account tools. */
    public static <T> T withAccounts(DbConfig db, Path dataDir, Function<Accounts, T> work) {
        return withDatabase(db, dataDir, database -> work.apply(new Accounts(database.accounts(), Clock.systemUTC())));
    }

    public int port() {
        return api.port();
    }

    /** The admin listener's port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** How long {@code /readyz} waits for the database's answer. */
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    private static Operations.Tls tls(TlsConfig tls) {
        return tls == null ? null : new Operations.Tls(tls.keyStore(), TlsConfig.ALIAS, tls.password());
    }

    /** Stops serving, then delivering (attempts in flight get 5 s; the rest go back to the queue), then the store. */
    @Override
    public void close() {
        try {
            if (admin != null) {
                admin.close();
            }
            api.close();
        } finally {
            try {
                engine.stop(5000);
                callbacks.close(2000);
                DeliveryChannels.close(channels);
            } finally {
                metrics.close();
                database.close();
            }
        }
    }
}
