package dev.herald.testing;

import dev.herald.Herald;
import dev.herald.config.Config;
import dev.herald.config.DeliveryConfig;
import dev.herald.config.DbConfig;
import dev.herald.config.OpsConfig;
import dev.herald.config.ProviderConfig;
import dev.herald.domain.Accounts;
import dev.herald.domain.Sids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A Herald server for one test class: in-process, bound to 127.0.0.1 on a free port, with its own data
 * directory, a fresh database on the engine under test ({@link TestDatabases}) and a fresh account. {@link #close} stops it and deletes the directory (unless it was given).
 * Test classes get one through {@link HeraldExtension}; tests with unusual servers (existing data directories,
 * several nodes) start their own.
 */
public final class TestHerald implements AutoCloseable {
    /** The public URL the Twilio SDK tests use, so responses look exactly like Twilio's. */
    public static final String TWILIO_URL = "https://notify.twilio.com";

    private final Path dataDir;
    private final boolean ownsDir;
    private final String publicUrl;
    private final String accountSid;
    private final String authToken;
    private final DbConfig db;
    private final int httpThreads;
    private final Integer accountConcurrency;
    private final ProviderConfig live;
    private final OpsConfig ops;
    private Herald herald;

    private TestHerald(Path dataDir, DbConfig db, boolean ownsDir, String publicUrl, String accountSid, String authToken,
                       int httpThreads, Integer accountConcurrency, ProviderConfig live, OpsConfig ops) {
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        this.publicUrl = publicUrl;
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.db = db;
        this.httpThreads = httpThreads;
        this.accountConcurrency = accountConcurrency;
        this.live = live;
        this.ops = ops;
        this.herald = Herald.start(config());
    }

    /** A server whose url fields use the request's own scheme and host. */
    public static TestHerald start() {
        return start(null);
    }

    /** A server whose url fields start with {@code publicUrl} (e.g. {@link #TWILIO_URL}); null for the request's. */
    public static TestHerald start(String publicUrl) {
        return start(publicUrl, Config.DEFAULT_HTTP_THREADS);
    }

    /** A server with {@code httpThreads} threads serving HTTP ({@code --http-threads}). */
    public static TestHerald start(String publicUrl, int httpThreads) {
        return start(publicUrl, httpThreads, null);
    }

    /**
     * A server with {@code httpThreads} threads serving HTTP and at most {@code accountConcurrency} requests of one
     * account at once ({@code --account-concurrency}; null for the default).
     */
    public static TestHerald start(String publicUrl, int httpThreads, Integer accountConcurrency) {
        return start(publicUrl, httpThreads, accountConcurrency, null);
    }

    /**
     * {@link #start(String, int, Integer)}, delivering live to the providers {@code live} points at ({@code
     * --delivery live}), or in sandbox mode when it is null.
     */
    public static TestHerald start(String publicUrl, int httpThreads, Integer accountConcurrency, ProviderConfig live) {
        return start(publicUrl, httpThreads, accountConcurrency, live, OpsConfig.defaults());
    }

    /** A server in sandbox mode run with {@code ops}: the admin listener ({@code adminPort} 0: a free port), TLS, logs. */
    public static TestHerald startWith(OpsConfig ops) {
        return start(null, Config.DEFAULT_HTTP_THREADS, null, null, ops);
    }

    /** {@link #start(String, int, Integer, ProviderConfig)} run with {@code ops}. */
    public static TestHerald start(String publicUrl, int httpThreads, Integer accountConcurrency, ProviderConfig live,
                                   OpsConfig ops) {
        try {
            Path dir = Files.createTempDirectory("herald-test");
            return new TestHerald(dir, TestDatabases.fresh(dir), true, publicUrl,
                    Sids.next(Sids.ACCOUNT), UUID.randomUUID().toString().replace("-", ""), httpThreads,
                    accountConcurrency, live, ops);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on an existing data directory and database, which {@link #close} leaves in place. */
    public static TestHerald startOn(Path dataDir, DbConfig db, String publicUrl, String accountSid, String authToken) {
        return new TestHerald(dataDir, db, false, publicUrl, accountSid, authToken, Config.DEFAULT_HTTP_THREADS, null,
                null, OpsConfig.defaults());
    }

    /** The database this server uses (SQLite in its data directory, or a PostgreSQL database). */
    public DbConfig db() {
        return db;
    }

    public int port() {
        return herald.port();
    }

    /** The admin listener's port ({@code /metrics}), or -1 when it is off. */
    public int adminPort() {
        return herald.adminPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates another account in this server's database, for cross-account tests. */
    public Accounts.NewAccount createAccount() {
        return Herald.withAccounts(db, dataDir, Accounts::create);
    }

    /** Stops the server and starts it again on the same data directory (a new port). */
    public void restart() {
        herald.close();
        herald = Herald.start(config());
    }

    /** Delivery in sandbox mode (or live), with a short lease so that a stopped node's claims pass on quickly. */
    private Config config() {
        Config config = Config.of("127.0.0.1", 0, dataDir, db, publicUrl, accountSid, authToken, null, httpThreads,
                true, accountConcurrency).withDelivery(DeliveryConfig.parse(live == null ? "sandbox" : "live", null,
                null, "2s").withPrivateCallbacks(true)).withOps(ops); // the tests' callback endpoints are on loopback
        return live == null ? config : config.withProviders(live);
    }

    @Override
    public void close() {
        herald.close();
        if (ownsDir) {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
