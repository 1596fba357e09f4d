package dev.herald.store.jdbc;

import dev.herald.domain.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises all writes onto one SQLite connection and commits concurrent writes together: the writer thread takes
 * every queued unit, runs each inside its own savepoint (a failing unit rolls back alone), then commits once. One
 * fsync thus covers a whole batch, which is how SQLite reaches thousands of durable writes per second.
 *
 * <p>{@link #submit} blocks until the batch holding the unit is committed. Units run on the writer thread in
 * submission order, so they must be short and must not call {@link #submit} themselves. Background units
 * ({@link #submitBackground}: the delivery engine's batches of hundreds of rows) wait in a queue of their own: a
 * batch takes every request's unit and at most one background unit, none while requests are waiting (but one
 * after {@value #MAX_SKIPS} such batches in a row), so a request mostly waits only for the background unit under
 * way when it came, and a burst of requests is not slowed by the fan-outs it starts. A write waits for SQLite's
 * write lock (held by another process) one busy timeout in all, counting the time it spent queued behind a batch
 * that was itself waiting for the lock.
 *
 * <p>A batch that holds a request's unit commits with {@code synchronous=FULL}: on disk when {@link #submit}
 * returns. A batch of background work alone commits with {@code synchronous=NORMAL}: no fsync of its own, so it
 * survives a crash of the process (the operating system holds its pages) but not necessarily one of the machine
 * until the next request's commit or checkpoint syncs the WAL, which covers every commit before it. Thread-safe.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 512;
    /** A batch whose oldest unit has waited less than this waits the whole busy timeout for the lock. */
    private static final long SLACK_MILLIS = 1000;
    /** Batches of requests in a row that may leave waiting background work out. */
    private static final int MAX_SKIPS = 4;
    /** The least a batch waits for the lock, however long its units waited already. */
    private static final long MIN_LOCK_WAIT_MILLIS = 100;

    /** One submitted unit of work; touched only by the writer thread until its future completes. */
    private static final class Unit<T> {
        private final HandleCallback<T, RuntimeException> work;
        private final boolean background;
        private final CompletableFuture<T> done = new CompletableFuture<>();
        private final long queuedAt = System.nanoTime();
        private T result;
        private boolean succeeded;

        Unit(HandleCallback<T, RuntimeException> work, boolean background) {
            this.work = work;
            this.background = background;
        }

        /** Runs inside a savepoint; a failure rolls back this unit only and is reported at once. */
        void run(Handle handle) {
            handle.execute("SAVEPOINT unit");
            try {
                result = work.withHandle(handle);
            } catch (RuntimeException e) {
                handle.execute("ROLLBACK TO unit");
                handle.execute("RELEASE unit");
                done.completeExceptionally(e);
                return;
            }
            handle.execute("RELEASE unit");
            succeeded = true;
        }

        void committed() {
            if (succeeded) {
                done.complete(result);
            }
        }

        void fail(RuntimeException failure) {
            done.completeExceptionally(failure);
        }
    }

    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Unit<?>> background = new LinkedBlockingQueue<>();
    /** Tells the writer that a unit is queued, in either queue. */
    private final Semaphore queued = new Semaphore(0);
    private final Handle handle;
    private final long busyTimeoutMillis;
    private final Thread thread;
    /** Whether the connection commits with {@code synchronous=FULL} now (else {@code NORMAL}); the writer's own. */
    private boolean synchronousFull = true;
    private volatile boolean closed;

    /**
     * {@code busyTimeoutMillis} must be the busy timeout {@code handle}'s connection was opened with, and its
     * {@code synchronous} setting {@code FULL}.
     */
    GroupCommitter(Handle handle, long busyTimeoutMillis) {
        this.handle = handle;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.thread = new Thread(this::loop, "herald-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Writes waiting for the writer, requests' and background ones (a batch being committed not counted). */
    int queued() {
        return queue.size() + background.size();
    }

    <T> T submit(HandleCallback<T, RuntimeException> work) {
        return submit(work, queue);
    }

    /**
     * As {@link #submit}, for work no request waits on: it may return before its commit is durable (see the
     * class's description).
     */
    <T> T submitBackground(HandleCallback<T, RuntimeException> work) {
        return submit(work, background);
    }

    private <T> T submit(HandleCallback<T, RuntimeException> work, BlockingQueue<Unit<?>> to) {
        if (closed) {
            throw new StoreException("The store is closed.", null);
        }
        Unit<T> unit = new Unit<>(work, to == background);
        to.add(unit);
        queued.release();
        try {
            return unit.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("A write failed.", e.getCause());
        }
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>();
        int skipped = 0;
        while (!closed || !queue.isEmpty() || !background.isEmpty()) {
            try {
                if (!queued.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                queue.drainTo(batch, MAX_BATCH - 1);
                // Requests waiting: commit them alone, unless background work was left out several times already.
                Unit<?> slow = batch.isEmpty() || skipped >= MAX_SKIPS ? background.poll() : null;
                if (slow != null) {
                    batch.add(slow);
                    skipped = 0;
                } else if (!background.isEmpty()) {
                    skipped++;
                }
                if (batch.isEmpty()) {
                    continue; // its unit went with an earlier batch
                }
                queued.drainPermits();
                if (!queue.isEmpty() || !background.isEmpty()) {
                    queued.release(); // more to take: the next turn must not wait
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failQueued();
    }

    /**
     * Runs {@code batch} in one transaction. It begins {@code IMMEDIATE}, taking the write lock first: a deferred
     * transaction reads before it writes, and when another connection (another process: {@code herald migrate},
     * {@code accounts create}) commits in between, SQLite refuses its upgrade to a writer at once with
     * {@code SQLITE_BUSY_SNAPSHOT}, whatever the busy timeout. {@code BEGIN IMMEDIATE} waits up to the busy timeout
     * for the lock instead. The transaction is explicit SQL because the driver's own ({@code setAutoCommit(false)})
     * begins the next one as soon as it commits, taking the lock again for nothing.
     */
    private void runBatch(List<Unit<?>> batch) {
        long lockWait = lockWaitMillis(batch);
        boolean full = batch.stream().anyMatch(unit -> !unit.background);
        try {
            if (lockWait != busyTimeoutMillis) {
                handle.execute("PRAGMA busy_timeout = " + lockWait);
            }
            if (full != synchronousFull) {
                handle.execute("PRAGMA synchronous = " + (full ? "FULL" : "NORMAL"));
                synchronousFull = full;
            }
            handle.execute("BEGIN IMMEDIATE");
            for (Unit<?> unit : batch) {
                unit.run(handle);
            }
            handle.execute("COMMIT");
        } catch (RuntimeException | Error e) { // the writer thread must survive anything a unit throws
            try {
                handle.execute("ROLLBACK");
            } catch (RuntimeException | Error rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            boolean busy = Failures.isBusy(e);
            if (busy) {
                LOG.warn("A batch of {} writes found the database locked past the busy timeout; none of them "
                        + "took effect.", batch.size());
            } else {
                LOG.error("Committing a batch of {} writes failed; none of them took effect.", batch.size(), e);
            }
            StoreException failure = busy
                    ? StoreException.busy("The database is busy; the write was not committed.", e)
                    : new StoreException("The write could not be committed.", e);
            batch.forEach(u -> u.fail(failure));
            return;
        } finally {
            if (lockWait != busyTimeoutMillis) {
                restoreBusyTimeout();
            }
        }
        batch.forEach(Unit::committed);
    }

    /**
     * How long {@code batch} may wait for the write lock: the busy timeout, less what its oldest unit has waited
     * already when that is more than a moment (it was queued behind a batch that waited for the lock itself).
     */
    private long lockWaitMillis(List<Unit<?>> batch) {
        long oldest = Long.MAX_VALUE;
        for (Unit<?> unit : batch) {
            oldest = Math.min(oldest, unit.queuedAt);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest);
        return waited < SLACK_MILLIS ? busyTimeoutMillis : Math.max(MIN_LOCK_WAIT_MILLIS, busyTimeoutMillis - waited);
    }

    private void restoreBusyTimeout() {
        try {
            handle.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
        } catch (RuntimeException e) {
            LOG.warn("Restoring the writer's busy timeout failed: {}", e.getMessage());
        }
    }

    private void failQueued() {
        StoreException closedFailure = new StoreException("The store is closed.", null);
        Unit<?> unit;
        while ((unit = queue.poll()) != null || (unit = background.poll()) != null) {
            unit.fail(closedFailure);
        }
    }

    /** Stops taking writes, finishes those already queued, then returns. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handle.close();
    }
}
