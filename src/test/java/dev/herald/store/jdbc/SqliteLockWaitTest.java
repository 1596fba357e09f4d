package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.StoreException;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers wait for a write lock another connection (another process: {@code herald migrate}, {@code accounts
 * create}, a second server) holds for a moment, instead of failing with {@code SQLITE_BUSY}: a transaction that
 * reads before it writes cannot upgrade to a writer while the lock is taken, and SQLite does not wait in that case
 * whatever the busy timeout says, so Herald's write transactions take the lock first ({@code BEGIN IMMEDIATE}).
 */
@Timeout(60)
class SqliteLockWaitTest {
    private static final byte[] KEY = new byte[32];
    private Path dir;
    private Path file;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-locks");
        file = dir.resolve("herald.db");
    }

    @AfterEach
    void deleteDir() {
        TestHerald.deleteTree(dir);
    }

    /** Another connection that takes the write lock and keeps it until {@link Connection#commit}. */
    private Connection holdWriteLock() throws SQLException {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        other.setAutoCommit(true);
        try (Statement statement = other.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("INSERT INTO settings (name, value) VALUES ('other', 'x')");
        }
        return other;
    }

    private static void release(Connection other) throws SQLException {
        try (Statement statement = other.createStatement()) {
            statement.execute("COMMIT");
        }
        other.close();
    }

    @Test
    void aWriteThatReadsFirstWaitsForALockHeldElsewhere() throws Exception {
        try (Database database = Database.openSqlite(file, KEY, 2)) {
            Transactor tx = database.transactor();
            Connection other = holdWriteLock();
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> tx.write(h -> {
                int before = h.createQuery("SELECT COUNT(*) FROM settings").mapTo(Integer.class).one();
                h.execute("INSERT INTO settings (name, value) VALUES ('mine', 'y')");
                return before;
            }));
            Thread.sleep(300);
            assertThat(write).as("waiting for the lock").isNotDone();
            release(other);
            assertThat(write.get(10, TimeUnit.SECONDS)).as("rows it read, after the other commit").isEqualTo(2);
        }
    }

    /**
     * A request queued behind a background batch that is waiting for the lock (the delivery engine polls through
     * the writer) fails within one busy timeout of its own, not after the batch's timeout and then its own.
     */
    @Test
    void aWriteQueuedBehindABatchWaitingForTheLockWaitsOneBusyTimeoutInAll() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Database database = Database.openSqlite(file, KEY, 2)) {
            Transactor tx = database.transactor();
            Connection other = holdWriteLock();
            try {
                Future<Integer> background = threads.submit(() -> tx.writeBackground(h -> h.execute(
                        "INSERT INTO settings (name, value) VALUES ('background', 'x')")));
                Thread.sleep(3000);
                long start = System.nanoTime();
                Future<Integer> request = threads.submit(() -> tx.write(h -> h.execute(
                        "INSERT INTO settings (name, value) VALUES ('request', 'y')")));
                assertThatThrownBy(() -> request.get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.busy()).isTrue());
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(waited).as("the request's wait in all, in ms")
                        .isBetween((long) SqliteTransactor.BUSY_TIMEOUT_MILLIS - 1500,
                                (long) SqliteTransactor.BUSY_TIMEOUT_MILLIS + 2500);
                assertThatThrownBy(() -> background.get(1, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(StoreException.class);
            } finally {
                release(other);
            }
            int later = tx.write(h -> h.execute("INSERT INTO settings (name, value) VALUES ('later', 'z')"));
            assertThat(later).as("the writer waits the whole busy timeout again afterwards, and writes").isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void migrationsWaitForALockHeldElsewhere() throws Exception {
        Database.openSqlite(file, KEY, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : SchemaDowngrade.toV2(true)) {
                s.execute(statement);
            }
        }
        Connection other = holdWriteLock();
        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> Database.openSqlite(file, KEY, 1).close());
        Thread.sleep(300);
        assertThat(open).as("waiting for the lock").isNotDone();
        release(other);
        open.get(10, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '3'").getInt(1))
                    .isEqualTo(1);
        }
    }
}
