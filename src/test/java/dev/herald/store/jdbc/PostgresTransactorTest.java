package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.StoreException;
import dev.herald.testing.TestDatabases;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Writes on PostgreSQL are retried on serialization failures and deadlocks, and only on those. */
@Timeout(60)
class PostgresTransactorTest {
    private PooledTransactor tx;

    @BeforeEach
    void open() {
        tx = new PooledTransactor(TestDatabases.newPostgresDatabase(), null, null, 4);
        tx.write(h -> h.execute("CREATE TABLE accounts_demo (id INT PRIMARY KEY, balance INT NOT NULL)"));
        tx.write(h -> h.execute("INSERT INTO accounts_demo VALUES (1, 100), (2, 100)"));
    }

    @AfterEach
    void close() {
        tx.close();
    }

    private int balance(int id) {
        return tx.read(h -> h.createQuery("SELECT balance FROM accounts_demo WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one());
    }

    @Test
    void pooledConnectionsPlanPreparedStatementsOnce() {
        String read = tx.read(h -> h.createQuery("SHOW plan_cache_mode").mapTo(String.class).one());
        String written = tx.write(h -> h.createQuery("SHOW plan_cache_mode").mapTo(String.class).one());
        assertThat(read).isEqualTo("force_generic_plan");
        assertThat(written).isEqualTo("force_generic_plan");
    }

    /** A generic plan's cost can pass {@code jit_above_cost} however quick its run: none is compiled. */
    @Test
    void pooledConnectionsNeverCompilePlans() {
        String read = tx.read(h -> h.createQuery("SHOW jit").mapTo(String.class).one());
        String written = tx.writeBackground(h -> h.createQuery("SHOW jit").mapTo(String.class).one());
        assertThat(read).isEqualTo("off");
        assertThat(written).isEqualTo("off");
    }

    /**
     * The engine's writes commit without waiting for the WAL flush, in their own transaction only: a request's write
     * on the same connection afterwards waits for it again, and the background write's changes are committed.
     */
    @Test
    void backgroundWritesSkipTheFlushWaitInTheirOwnTransactionOnly() {
        PooledTransactor one = new PooledTransactor(TestDatabases.newPostgresDatabase(), null, null, 1);
        try {
            // the one pooled connection waits for the flush (the test cluster's own default does not)
            one.read(h -> h.execute("SET synchronous_commit = on"));
            String background = one.writeBackground(h -> {
                h.execute("CREATE TABLE engine_demo (id INT PRIMARY KEY)");
                h.execute("INSERT INTO engine_demo VALUES (7)");
                return h.createQuery("SHOW synchronous_commit").mapTo(String.class).one();
            });
            String request = one.write(h -> h.createQuery("SHOW synchronous_commit").mapTo(String.class).one());
            Integer written = one.read(h -> h.createQuery("SELECT id FROM engine_demo").mapTo(Integer.class).one());
            assertThat(background).isEqualTo("off");
            assertThat(request).isEqualTo("on");
            assertThat(written).isEqualTo(7);
        } finally {
            one.close();
        }
    }

    /** A transaction that asks for range joins plans without nested loops, and only that transaction. */
    @Test
    void rangeJoinsHoldForTheirOwnTransactionOnly() {
        PooledTransactor one = new PooledTransactor(TestDatabases.newPostgresDatabase(), null, null, 1);
        try {
            assertThat(one.rangeJoins()).isNotNull();
            String inside = one.writeBackground(h -> {
                h.execute(one.rangeJoins());
                return h.createQuery("SHOW enable_nestloop").mapTo(String.class).one();
            });
            String after = one.writeBackground(h -> h.createQuery("SHOW enable_nestloop").mapTo(String.class).one());
            assertThat(inside).isEqualTo("off");
            assertThat(after).isEqualTo("on");
        } finally {
            one.close();
        }
    }

    /**
     * A held background transaction skips the flush wait like {@link PooledTransactor#writeBackground}, and the server
     * ends it, and its session, once it has been idle longer than asked: a frozen node's claims do not outlive it.
     */
    @Test
    void aHeldTransactionIsEndedByTheServerOnceIdleTooLong() throws Exception {
        org.jdbi.v3.core.Handle held = tx.beginBackground(300);
        try {
            held.execute("UPDATE accounts_demo SET balance = 0 WHERE id = 1");
            assertThat(held.createQuery("SHOW synchronous_commit").mapTo(String.class).one()).isEqualTo("off");
            assertThat(held.createQuery("SHOW idle_in_transaction_session_timeout").mapTo(String.class).one())
                    .isEqualTo("300ms");
            Thread.sleep(1000);
            assertThatThrownBy(held::commit).as("ended by the server").isInstanceOf(RuntimeException.class);
        } finally {
            PooledTransactor.end(held, false);
        }
        assertThat(balance(1)).as("rolled back").isEqualTo(100);
        int updated = tx.write(h -> h.createUpdate("UPDATE accounts_demo SET balance = 5 WHERE id = 1").execute());
        assertThat(updated).as("its row lock is gone").isEqualTo(1);
    }

    @Test
    void aRequestWaitsPastOneSliceForAConnectionInUseWhileTheDatabaseIsUp() throws Exception {
        waitsPastOneSlice(one -> one.read(h -> h.createQuery("SELECT 42").mapTo(Integer.class).one()));
    }

    /** Flyway borrows a second connection while it holds one: the pool may still be opening it on a busy machine. */
    @Test
    void aMigrationWaitsPastOneSliceForAConnectionInUse() throws Exception {
        waitsPastOneSlice(one -> {
            try (var connection = one.dataSource().getConnection();
                 var answer = connection.createStatement().executeQuery("SELECT 42")) {
                answer.next();
                return answer.getInt(1);
            }
        });
    }

    private interface Borrower {
        int selectFortyTwo(PooledTransactor one) throws Exception;
    }

    /** {@code borrower} gets the only connection of a pool once it is free, although it is held for 2.5 slices. */
    private static void waitsPastOneSlice(Borrower borrower) throws Exception {
        PooledTransactor one = new PooledTransactor(TestDatabases.newPostgresDatabase(), null, null, 1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> one.read(h -> {
                holding.countDown();
                try {
                    Thread.sleep(PoolConnections.SLICE_MILLIS * 5 / 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            int answer = threads.submit(() -> borrower.selectFortyTwo(one)).get(30, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo(42);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("waited for the one connection").isGreaterThan(PoolConnections.SLICE_MILLIS);
            holder.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            one.close();
        }
    }

    @Test
    void aSerializationFailureIsRetriedAndTheWorkCommitsOnce() {
        AtomicInteger attempts = new AtomicInteger();
        int result = tx.write(h -> {
            h.execute("UPDATE accounts_demo SET balance = balance + 1 WHERE id = 1");
            if (attempts.incrementAndGet() < 3) {
                throw new UnableToExecuteStatementException(new SQLException("could not serialize access", "40001"), null);
            }
            return attempts.get();
        });
        assertThat(result).isEqualTo(3);
        assertThat(balance(1)).as("the failed attempts were rolled back").isEqualTo(101);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> tx.write(h -> {
            attempts.incrementAndGet();
            h.execute("UPDATE accounts_demo SET balance = balance - 1 WHERE id = 1");
            throw new UnableToExecuteStatementException(new SQLException("value too long", "22001"), null);
        })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.busy()).isFalse())
                .hasRootCauseInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
        assertThat(balance(1)).isEqualTo(100);
    }

    @Test
    void retriesGiveUpAfterABoundedNumberOfAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> tx.write(h -> {
            attempts.incrementAndGet();
            throw new UnableToExecuteStatementException(new SQLException("deadlock detected", "40P01"), null);
        })).as("past its retries, a deadlock is a busy store: 503, try again")
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.busy()).isTrue());
        assertThat(attempts).hasValue(Retry.MAX_ATTEMPTS);
    }

    @Test
    void aRealDeadlockBetweenTwoWritesEndsWithBothApplied() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch bothLocked = new CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2); // both must hold their first lock at once
        try {
            Future<?> first = threads.submit(() -> transfer(1, 2, attempts, bothLocked));
            Future<?> second = threads.submit(() -> transfer(2, 1, attempts, bothLocked));
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        // at least one write ran again; on a loaded machine the retry may meet the other's retry and deadlock again
        assertThat(attempts.get()).as("PostgreSQL broke the deadlock and a write ran again")
                .isBetween(3, 2 * Retry.MAX_ATTEMPTS);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(balance(2)).isEqualTo(100);
    }

    /** Moves 10 from one row to the other, locking the rows in opposite orders to provoke a deadlock once. */
    private void transfer(int from, int to, AtomicInteger attempts, CountDownLatch bothLocked) {
        tx.write(h -> {
            attempts.incrementAndGet();
            h.createUpdate("UPDATE accounts_demo SET balance = balance - 10 WHERE id = :id").bind("id", from).execute();
            bothLocked.countDown();
            try {
                bothLocked.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            h.createUpdate("UPDATE accounts_demo SET balance = balance + 10 WHERE id = :id").bind("id", to).execute();
            return null;
        });
    }
}
