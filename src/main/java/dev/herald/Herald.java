package dev.herald;

import dev.herald.api.ApiServer;
import dev.herald.config.Config;
import dev.herald.config.ConfigException;
import dev.herald.config.DataDir;
import dev.herald.domain.Accounts;
import dev.herald.domain.Bindings;
import dev.herald.domain.Credentials;
import dev.herald.domain.Services;
import dev.herald.store.jdbc.Database;
import dev.herald.store.jdbc.SecretBox;
import java.io.IOException;
import java.nio.file.Path;
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
    static final int READER_POOL_SIZE = 8;

    private final Database database;
    private final ApiServer api;

    private Herald(Database database, ApiServer api) {
        this.database = database;
        this.api = api;
    }

    /** Opens the data directory and database, makes sure of the account, and starts serving. */
    public static Herald start(Config config) {
        DataDir data = new DataDir(config.dataDir()).create();
        Database database = openDatabase(data, config.masterKey());
        try {
            Clock clock = Clock.systemUTC();
            Accounts accounts = new Accounts(database.accounts(), clock);
            bootstrapAccount(config, data, accounts);
            Services services = new Services(database.services(), database.credentials(), clock);
            Credentials credentials = new Credentials(database.credentials(), clock);
            Bindings bindings = new Bindings(database.services(), database.credentials(), database.bindings(), clock);
            ApiServer api = new ApiServer(accounts, services, credentials, bindings, config.publicUrl())
                    .start(config.host(), config.port());
            LOG.info("Herald is serving on {}:{} with data in {}", config.host(), api.port(), data.path());
            return new Herald(database, api);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    static Database openDatabase(DataDir data, String masterKey) {
        return Database.openSqlite(data.database(), new SecretBox(data.masterKey(masterKey)), READER_POOL_SIZE);
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

    /** Opens the database of {@code dataDir} without serving, for command-line tools. */
    public static <T> T withAccounts(Path dataDir, Function<Accounts, T> work) {
        DataDir data = new DataDir(dataDir).create();
        try (Database database = openDatabase(data, System.getenv("HERALD_MASTER_KEY"))) {
            return work.apply(new Accounts(database.accounts(), Clock.systemUTC()));
        }
    }

    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            database.close();
        }
    }
}
