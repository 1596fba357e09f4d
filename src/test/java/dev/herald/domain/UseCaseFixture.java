package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.herald.config.DbConfig;
import dev.herald.store.jdbc.Database;
import dev.herald.testing.TestDatabases;
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
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * The use cases wired to a real {@link Database} on the engine under test (a {@code herald.db} in a directory of
 * the test's, or a fresh PostgreSQL database; no HTTP, no store doubles), with a clock the test sets. Everything a use case touches is account-scoped, so one
 * fixture can serve a whole test class: each test works in accounts of its own ({@link #newAccount}). Open it in
 * a {@code @TempDir(factory = UseCaseFixture.RamDir.class)}.
 */
final class UseCaseFixture implements AutoCloseable {
    /** Where {@link #clock} starts, and where {@link #reset} puts it back. */
    static final Instant START = Instant.parse("2024-03-01T12:00:00Z");

    final SettableClock clock = new SettableClock(START);
    final Database db;
    final Accounts accounts;
    final Services services;
    final Credentials credentials;
    final Bindings bindings;

    private UseCaseFixture(Database db) {
        this.db = db;
        this.accounts = new Accounts(db.accounts(), clock);
        this.services = new Services(db.services(), db.credentials(), clock);
        this.credentials = new Credentials(db.credentials(), clock);
        this.bindings = new Bindings(db.services(), db.credentials(), db.bindings(), clock);
    }

    static UseCaseFixture open(Path dir) {
        byte[] masterKey = new byte[32];
        Arrays.fill(masterKey, (byte) 7);
        DbConfig db = TestDatabases.fresh(dir); // a herald.db in dir, or a fresh PostgreSQL database
        return new UseCaseFixture(db.isSqlite() ? Database.openSqlite(db.sqliteFile(), masterKey, 2)
                : Database.openPostgres(db.jdbcUrl(), db.user(), db.password(), 4, masterKey));
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

    @Override
    public void close() {
        db.close();
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
     * Makes {@code @TempDir} directories in memory ({@code /dev/shm}) where the machine has one, else in the
     * default temporary directory: the database is the same real SQLite file, but its fsyncs cost nothing, which
     * keeps a test of a few hundred writes well under a second.
     */
    static final class RamDir implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "herald-usecase-")
                    : Files.createTempDirectory("herald-usecase-");
        }
    }
}
