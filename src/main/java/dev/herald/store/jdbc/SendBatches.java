package dev.herald.store.jdbc;

import dev.herald.domain.Notification;
import dev.herald.domain.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores the Notifications of concurrent sends together, on a server database (PostgreSQL): a send to a query
 * without a token waits in a queue, and each of a few writer threads takes every send waiting (up to {@link
 * #MAX_BATCH}) into one {@code INSERT … SELECT … FROM unnest(…)} run without {@code BEGIN}/{@code COMMIT} ({@link
 * Transactor#writeStatement}). A hundred sends at once thus take a handful of statements, round trips, WAL flushes
 * and connections, where one statement each would queue them for the pool's connections (BENCHMARKS.md §18).
 *
 * <p>Each send's Service is kept ({@code FOR KEY SHARE}) until the commit, as when a send is stored alone. A
 * Service that a transaction is deleting at that moment is skipped, not waited for, so that one Service's delete
 * never holds up the sends of others batched with it: {@link #insert} then answers false, as it does for a Service
 * that is not the send's account's, and the caller stores that send alone, waiting as it must. {@link #insert}
 * returns once the statement holding its send is committed: durable. A statement that fails for good other than by
 * the database being busy is run again one send at a time, so that the failure reaches only the send that causes
 * it; a busy database fails the whole batch, each send with the same passing {@link StoreException}. Thread-safe.
 */
final class SendBatches implements AutoCloseable {
    /** The most sends one statement stores. */
    static final int MAX_BATCH = 100;
    /** How often an idle writer looks whether the store is closing. */
    private static final long IDLE_MILLIS = 100;

    private static final String INSERT = NotificationRows.INSERT + "v.sid, s.account_sid, s.sid, v.created, "
            + "v.priority, v.ttl, v.payload, " + NotificationRows.EXPANDING + ", 0, 0 "
            + "FROM unnest(CAST(:sids AS text[]), CAST(:services AS text[]), CAST(:accounts AS text[]), "
            + "CAST(:created AS bigint[]), CAST(:priorities AS smallint[]), CAST(:ttls AS integer[]), "
            + "CAST(:payloads AS text[])) AS v(sid, service, account, created, priority, ttl, payload) "
            + "JOIN services s ON s.sid = v.service AND s.account_sid = v.account FOR KEY SHARE OF s SKIP LOCKED "
            + "RETURNING sid";

    /** One send waiting: its Notification with its payload as stored (made by its own thread), and its answer. */
    private record Send(Notification notification, String payload, CompletableFuture<Boolean> stored) {
    }

    private final Transactor tx;
    private final BlockingQueue<Send> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicLong statements = new AtomicLong();
    private volatile boolean closed;

    /** Starts {@code writers} writer threads (at least one) on {@code tx}. */
    SendBatches(Transactor tx, int writers) {
        this.tx = tx;
        for (int i = 0; i < Math.max(1, writers); i++) {
            Thread writer = new Thread(this::write, "herald-sends-" + i);
            writer.setDaemon(true);
            writer.start();
            this.writers.add(writer);
        }
    }

    /**
     * Stores {@code n} with the sends waiting with it; blocks until it is committed. Answers true, or false (nothing
     * stored) when its Service is not its account's or is locked by a transaction that may delete it.
     *
     * @throws StoreException when the database fails, or is closed
     */
    boolean insert(Notification n) {
        Send send = new Send(n, NotificationRows.payload(n), new CompletableFuture<>());
        queue.add(send);
        if (closed) {
            failWaiting(); // the writers may have stopped before this send joined the queue
        }
        try {
            while (true) {
                try {
                    return send.stored().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (writers.stream().noneMatch(Thread::isAlive)) {
                        failWaiting(); // an Error ended every writer
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new StoreException("Storing a Notification failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while storing a Notification", e);
        }
    }

    /** How many sends wait for a writer now. */
    int waiting() {
        return queue.size();
    }

    /** How many statements have stored sends so far. */
    long statements() {
        return statements.get();
    }

    /** A writer thread: takes the sends waiting and stores them, until closed and none is left. */
    private void write() {
        List<Send> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Send first;
            try {
                first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            store(batch);
            batch.clear();
        }
    }

    /** Stores {@code batch} in one statement, or one send at a time when that fails for good. */
    private void store(List<Send> batch) {
        try {
            complete(batch, stored(batch));
        } catch (RuntimeException e) {
            if (batch.size() == 1 || e instanceof StoreException failure && failure.busy()) {
                batch.forEach(send -> send.stored().completeExceptionally(e));
                return;
            }
            for (Send send : batch) {
                try {
                    complete(List.of(send), stored(List.of(send)));
                } catch (RuntimeException alone) {
                    send.stored().completeExceptionally(alone);
                }
            }
        } catch (Error e) {
            batch.forEach(send -> send.stored().completeExceptionally(e));
            throw e;
        }
    }

    private static void complete(List<Send> batch, Set<String> stored) {
        for (Send send : batch) {
            send.stored().complete(stored.contains(send.notification().sid()));
        }
    }

    /** Runs the statement for {@code batch}; answers the SIDs of the Notifications it stored. */
    private Set<String> stored(List<Send> batch) {
        int n = batch.size();
        String[] sids = new String[n];
        String[] services = new String[n];
        String[] accounts = new String[n];
        Long[] created = new Long[n];
        Short[] priorities = new Short[n];
        Integer[] ttls = new Integer[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Notification notification = batch.get(i).notification();
            payloads[i] = batch.get(i).payload();
            sids[i] = notification.sid();
            services[i] = notification.serviceSid();
            accounts[i] = notification.accountSid();
            created[i] = notification.dateCreated();
            priorities[i] = (short) NotificationRows.priority(notification.priority());
            ttls[i] = notification.ttl();
        }
        statements.incrementAndGet();
        return tx.writeStatement(h -> new HashSet<>(h.createQuery(INSERT).bind("sids", sids)
                .bind("services", services).bind("accounts", accounts).bind("created", created)
                .bind("priorities", priorities).bind("ttls", ttls).bind("payloads", payloads)
                .mapTo(String.class).list()));
    }

    /** Fails every send still waiting: the store is closed, or no writer is left. */
    private void failWaiting() {
        for (Send send; (send = queue.poll()) != null; ) {
            send.stored().completeExceptionally(new StoreException("The database is closed, or its writers stopped."));
        }
    }

    /** Stops the writers once they have stored every send waiting (for at most 10 s each); any left then fail. */
    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failWaiting();
    }
}
