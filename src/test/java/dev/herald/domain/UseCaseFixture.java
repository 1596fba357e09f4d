package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.herald.config.DbConfig;
import dev.herald.store.jdbc.Database;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The use cases wired to a real {@link Database} on the engine under test (a {@code herald.db} in a directory in
 * memory, or a fresh PostgreSQL database; no HTTP, no store doubles), with a clock the test sets. Everything a use
 * case touches is account-scoped, so one fixture serves a whole test class: each test works in accounts of its own
 * ({@link #newAccount}). Register it as {@code @RegisterExtension static final UseCaseFixture f = new
 * UseCaseFixture();}: it opens the store before the class's tests, puts the clock back to {@link #START} before
 * each, and closes the store after them.
 */
final class UseCaseFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** Where {@link #clock} starts, and where {@link #reset} puts it back. */
    static final Instant START = Instant.parse("2024-03-01T12:00:00Z");

    final SettableClock clock = new SettableClock(START);
    Database db;
    Accounts accounts;
    Services services;
    Credentials credentials;
    Bindings bindings;
    Keys keys;
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = ramDir();
        byte[] masterKey = new byte[32];
        Arrays.fill(masterKey, (byte) 7);
        DbConfig config = TestDatabases.fresh(dir); // a herald.db in dir, or a fresh PostgreSQL database
        db = config.isSqlite() ? Database.openSqlite(config.sqliteFile(), masterKey, 2)
                : Database.openPostgres(config.jdbcUrl(), config.user(), config.password(), 4, masterKey);
        accounts = new Accounts(db.accounts(), clock);
        services = new Services(db.services(), db.credentials(), clock);
        credentials = new Credentials(db.credentials(), clock);
        bindings = new Bindings(db.services(), db.credentials(), db.bindings(), clock);
        keys = new Keys(db.keys(), clock);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        db.close();
        TestHerald.deleteTree(dir);
    }

    /** Puts the clock back to {@link #START}. */
    void reset() {
        clock.set(START);
    }

    /** A new account, made as Herald makes them. */
    String newAccount() {
        return accounts.create().sid();
    }

    /** A new Service of {@code account} with Notify's defaults. */
    Service newService(String account) {
        return services.create(account, ServiceChanges.builder().build());
    }

    Credential newCredential(String account, String type) {
        return credentials.create(account, type, null, new CredentialSecrets(null, null, null, null, null));
    }

    /** {@link #START} plus {@code seconds}, in epoch seconds, the unit of every stored date. */
    static long at(long seconds) {
        return START.getEpochSecond() + seconds;
    }

    /** Asserts that {@code call} refuses a malformed or rule-breaking (not missing) {@code parameter}. */
    static InvalidParameterException assertInvalid(String parameter, ThrowingCallable call) {
        InvalidParameterException e = invalidParameter(parameter, call);
        assertThat(e.isMissing()).as(parameter + " given but refused, not missing").isFalse();
        assertThat(e.detail()).isNotBlank();
        return e;
    }

    /** Asserts that {@code call} fails because {@code parameter} is missing. */
    static InvalidParameterException assertMissing(String parameter, ThrowingCallable call) {
        InvalidParameterException e = invalidParameter(parameter, call);
        assertThat(e.isMissing()).as(parameter + " missing").isTrue();
        return e;
    }

    private static InvalidParameterException invalidParameter(String parameter, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("refusal of " + parameter).isInstanceOf(InvalidParameterException.class);
        InvalidParameterException e = (InvalidParameterException) t;
        assertThat(e.parameter()).as("the parameter named by: " + e.getMessage()).isEqualTo(parameter);
        return e;
    }

    /** Asserts that {@code call} fails with {@link NotFoundException}. */
    static void assertNotFound(ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOf(NotFoundException.class);
    }

    /** A clock that stands still until the test moves it. Thread-safe. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("The use cases work in UTC.");
        }
    }

    /**
     * A directory in memory ({@code /dev/shm}) where the machine has one, else in the default temporary directory:
     * the database is the same real SQLite file, but its fsyncs cost nothing, which keeps a test of a few hundred
     * writes well under a second.
     */
    private static Path ramDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "herald-usecase-")
                : Files.createTempDirectory("herald-usecase-");
    }
}
