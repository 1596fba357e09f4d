package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SQLite writer's batches: requests waiting are not held back by the background work queued before them, and
 * only theirs wait for the fsync.
 */
@Timeout(60)
class GroupCommitterTest {
    private static final byte[] KEY = new byte[32];
    /** {@code PRAGMA synchronous}'s values. */
    private static final int NORMAL = 1;
    private static final int FULL = 2;
    private Path dir;
    private ExecutorService threads;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-writer");
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void deleteDir() {
        threads.shutdownNow();
        TestHerald.deleteTree(dir);
    }

    @Test
    void aRequestIsCommittedBeforeTheBackgroundWorkQueuedAheadOfIt() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        try (Database database = Database.openSqlite(dir.resolve("herald.db"), KEY, 2)) {
            Transactor tx = database.transactor();
            try {
                Future<Object> first = threads.submit(() -> tx.writeBackground(h -> {
                    firstRunning.countDown();
                    await(releaseFirst);
                    return null;
                }));
                assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
                Future<Object> second = threads.submit(() -> tx.writeBackground(h -> {
                    await(releaseSecond);
                    return null;
                }));
                Thread.sleep(200);
                Future<Integer> request = threads.submit(() -> tx.write(h -> h.execute(
                        "INSERT INTO settings (name, value) VALUES ('request', 'x')")));
                Thread.sleep(200); // both queued while the first background unit runs
                releaseFirst.countDown();

                assertThat(request.get(5, TimeUnit.SECONDS)).as("committed while the second background unit waits")
                        .isEqualTo(1);
                assertThat(second.isDone()).isFalse();
                releaseSecond.countDown();
                second.get(10, TimeUnit.SECONDS);
                first.get(10, TimeUnit.SECONDS);
            } finally { // never leave the writer blocked, whatever failed
                releaseFirst.countDown();
                releaseSecond.countDown();
            }
        }
    }

    @Test
    void backgroundWorkAloneCommitsWithoutItsOwnFsyncAndARequestWithOne() {
        try (Database database = Database.openSqlite(dir.resolve("herald.db"), KEY, 2)) {
            Transactor tx = database.transactor();
            for (int round = 0; round < 2; round++) {
                assertThat(tx.writeBackground(GroupCommitterTest::synchronous)).as("background, round %d", round)
                        .isEqualTo(NORMAL);
                assertThat(tx.write(GroupCommitterTest::synchronous)).as("request, round %d", round).isEqualTo(FULL);
            }
        }
    }

    /** The connection's {@code synchronous} setting, as the unit's commit will use it. */
    private static int synchronous(Handle h) {
        return h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
