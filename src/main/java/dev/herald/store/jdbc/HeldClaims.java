package dev.herald.store.jdbc;

import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's claims on PostgreSQL. A claim is a transaction held open on a connection of its own
 * ({@link Transactor#beginBackground}): its deliveries' rows stay locked ({@code FOR UPDATE}), which other claims
 * skip ({@code SKIP LOCKED}), instead of a lease written into each row. The outcomes {@link #finish} takes are kept
 * until every delivery of their claim has one; they are then written in the claim's transaction, each attempt
 * counted, and it commits, on one of {@link #COMMITTERS} threads, so that the caller goes on and two claims are
 * written at once: a delivery's row is written twice (queued, then its outcome), not three times.
 *
 * <p>A node that dies loses its connections, and with them its locks, and the server ends a claim left idle longer
 * than the lease: its deliveries are then due again, as when a written lease ended. A claim whose attempts are not
 * all over after {@link #SETTLE_MILLIS} (a slow provider) is settled: the outcomes in are written, the deliveries
 * still under way get the lease written into their rows (their attempt counted), and it commits; their outcomes
 * are then written on their own. {@link #unsettled} counts the outcomes taken and not yet durable, which a crash
 * repeats with the attempts under way. Thread-safe; each claim's connection is used under the claim's lock.
 */
final class HeldClaims implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldClaims.class);
    /** Claims held open at once, at most, when the pool has connections enough: each holds one. */
    static final int MAX_OPEN = 4;
    /** Claims written and committed at once, each on its own connection. */
    static final int COMMITTERS = 2;
    /** How long a claim is held at most before its attempts still under way are leased in their rows. */
    static final long SETTLE_MILLIS = 2000;

    /** Writes outcomes in a transaction, counting their attempt or not (counted already by a lease). */
    interface Recorder {
        void record(Handle h, List<Result> results, boolean countAttempts, long nowMillis);
    }

    private final Transactor tx;
    private final Recorder recorder;
    private final int maxOpen;
    private final Set<Claim> open = ConcurrentHashMap.newKeySet();
    private final Map<Long, Claim> claimOf = new ConcurrentHashMap<>();
    /** Deliveries of settled claims still under way: their lease and attempt are in their rows. */
    private final Set<Long> leased = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-claims");
        t.setDaemon(true);
        return t;
    });
    /** Where claims whose outcomes are all in are written and committed, so that the outcome writer goes on. */
    private final ExecutorService committers = Executors.newFixedThreadPool(COMMITTERS, r -> {
        Thread t = new Thread(r, "herald-claim-commits");
        t.setDaemon(true);
        return t;
    });
    /** The latest time a caller gave, for the outcomes a settling writes (the engine's clock, not this host's). */
    private volatile long nowMillis;

    /** {@code poolSize}: the connections of {@code tx}; a quarter of them, up to {@link #MAX_OPEN}, hold claims. */
    HeldClaims(Transactor tx, int poolSize, Recorder recorder) {
        this.tx = tx;
        this.recorder = recorder;
        this.maxOpen = Math.max(1, Math.min(MAX_OPEN, poolSize / 4));
        timer.scheduleWithFixedDelay(this::settleOld, SETTLE_MILLIS / 4, SETTLE_MILLIS / 4, TimeUnit.MILLISECONDS);
    }

    private static final class Claim {
        final Handle handle;
        final long settleAtNanos;
        final long leaseUntilMillis;
        final List<Long> ids;
        /** The Notifications of its deliveries: with their ids, their rows' keys. */
        final Set<String> notifications;
        final Set<Long> underWay;
        final List<Result> in = new ArrayList<>();
        boolean ended;

        Claim(Handle handle, long leaseMillis, long leaseUntilMillis, List<Claimed> claimed) {
            this.handle = handle;
            this.settleAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(SETTLE_MILLIS,
                    Math.max(1, leaseMillis / 2)));
            this.leaseUntilMillis = leaseUntilMillis;
            this.ids = claimed.stream().map(Claimed::id).toList();
            this.notifications = claimed.stream().map(Claimed::notificationSid).collect(Collectors.toSet());
            this.underWay = new HashSet<>(ids);
        }
    }

    /**
     * Claims what {@code select} reads and locks in a new held transaction, settling the oldest claim first when
     * as many as this node may hold are held already.
     */
    List<Claimed> claim(long nowMillis, long leaseMillis, Function<Handle, List<Claimed>> select) {
        this.nowMillis = nowMillis;
        while (open.size() >= maxOpen) {
            open.stream().min(Comparator.comparingLong(c -> c.settleAtNanos)).ifPresent(this::settleNow);
        }
        Handle h = tx.beginBackground(leaseMillis);
        List<Claimed> claimed;
        try {
            claimed = select.apply(h);
        } catch (RuntimeException e) {
            PooledTransactor.end(h, false);
            throw Failures.translate(e);
        }
        if (claimed.isEmpty()) {
            PooledTransactor.end(h, false);
            return claimed;
        }
        Claim claim = new Claim(h, leaseMillis, nowMillis + leaseMillis, claimed);
        claim.ids.forEach(id -> claimOf.put(id, claim));
        open.add(claim);
        return claimed;
    }

    /** Outcomes taken and not yet durable: their claim's other attempts are under way, or it is being committed. */
    int unsettled() {
        return unsettled.get();
    }

    /**
     * Takes outcomes: those of a held claim wait for the claim's last, then are written with it; those of settled
     * claims' deliveries are written at once.
     */
    void finish(List<Result> results, long nowMillis) {
        this.nowMillis = nowMillis;
        Map<Claim, List<Result>> byClaim = new LinkedHashMap<>();
        List<Result> alone = new ArrayList<>();
        for (Result r : results) {
            Claim c = claimOf.get(r.id());
            if (c != null) {
                byClaim.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
            } else {
                alone.add(r);
            }
        }
        if (!alone.isEmpty()) {
            writeLeased(alone, nowMillis);
        }
        RuntimeException failed = null;
        for (Map.Entry<Claim, List<Result>> e : byClaim.entrySet()) {
            try {
                take(e.getKey(), e.getValue(), nowMillis);
            } catch (RuntimeException x) {
                failed = x;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void take(Claim c, List<Result> results, long nowMillis) {
        synchronized (c) {
            if (!c.ended) {
                for (Result r : results) {
                    if (c.underWay.remove(r.id())) {
                        c.in.add(r);
                        unsettled.incrementAndGet();
                    }
                }
                if (c.underWay.isEmpty()) {
                    committers.execute(() -> commitNow(c, nowMillis));
                }
                return;
            }
        }
        writeLeased(results, nowMillis); // settled meanwhile: these deliveries were leased
    }

    /** Writes the outcomes of settled claims' deliveries, whose attempt their lease counted already. */
    private void writeLeased(List<Result> results, long nowMillis) {
        tx.writeBackground(h -> {
            recorder.record(h, results, false, nowMillis);
            return null;
        });
        results.forEach(r -> leased.remove(r.id()));
    }

    /** {@link #commit} on a committer thread, unless the claim was settled meanwhile. */
    private void commitNow(Claim c, long nowMillis) {
        synchronized (c) {
            if (c.ended) {
                return;
            }
            try {
                commit(c, nowMillis);
            } catch (RuntimeException e) {
                LOG.warn("Writing the outcomes of a claim of {} deliveries failed: {}; they will be delivered again",
                        c.ids.size(), e.toString());
            }
        }
    }

    /**
     * Hands deliveries back: those of a held claim are left as they are (their attempt never counted) and the
     * claim commits once nothing else of it is under way; those of settled claims get their lease and attempt back.
     */
    void release(List<Claimed> claimed, long nowMillis) {
        List<Long> leasedBack = new ArrayList<>();
        Set<String> notifications = new HashSet<>();
        for (Claimed d : claimed) {
            Claim c = claimOf.get(d.id());
            if (c != null) {
                synchronized (c) {
                    if (!c.ended) {
                        if (c.underWay.remove(d.id()) && c.underWay.isEmpty()) {
                            commit(c, nowMillis);
                        }
                        continue;
                    }
                }
            }
            if (leased.remove(d.id())) { // its claim was settled
                leasedBack.add(d.id());
                notifications.add(d.notificationSid());
            }
        }
        if (!leasedBack.isEmpty()) {
            tx.writeBackground(h -> h.createUpdate("UPDATE deliveries SET due = 0, claimed = 0, attempts = attempts - 1 "
                    + "WHERE notification_sid IN (<notifications>) AND id IN (<ids>) AND status < 1")
                    .bindList("notifications", List.copyOf(notifications)).bindList("ids", leasedBack).execute());
        }
    }

    /** Writes the claim's outcomes in its transaction and commits; if that fails, in a new one. Under its lock. */
    private void commit(Claim c, long nowMillis) {
        try {
            recorder.record(c.handle, c.in, true, nowMillis);
            c.handle.commit();
            end(c, true);
        } catch (RuntimeException e) {
            end(c, false);
            tx.writeBackground(h -> { // its locks are gone: the rows' status says what is finished already
                recorder.record(h, c.in, true, nowMillis);
                return null;
            });
        } finally {
            unsettled.addAndGet(-c.in.size());
        }
    }

    /**
     * Settles the claims held longer than their time: the deliveries still under way are leased in their rows,
     * the outcomes in written, and the claim committed.
     */
    private void settleOld() {
        long now = System.nanoTime();
        for (Claim c : open) {
            if (now - c.settleAtNanos >= 0) {
                settleNow(c);
            }
        }
    }

    private void settleNow(Claim c) {
        synchronized (c) {
            if (c.ended) {
                return;
            }
            try {
                settle(c);
            } catch (RuntimeException e) {
                LOG.warn("Settling a claim of {} deliveries failed: {}; they will be delivered again", c.ids.size(),
                        e.toString());
            }
        }
    }

    private void settle(Claim c) {
        List<Long> underWay = List.copyOf(c.underWay);
        try {
            if (!underWay.isEmpty()) {
                c.handle.createUpdate("UPDATE deliveries SET due = :until, claimed = 1, attempts = attempts + 1 "
                                + "WHERE notification_sid IN (<notifications>) AND id IN (<ids>)")
                        .bind("until", c.leaseUntilMillis).bindList("notifications", List.copyOf(c.notifications))
                        .bindList("ids", underWay).execute();
            }
            recorder.record(c.handle, c.in, true, nowMillis);
            c.handle.commit();
            leased.addAll(underWay);
            end(c, true);
        } catch (RuntimeException e) {
            end(c, false);
            throw e;
        } finally {
            unsettled.addAndGet(-c.in.size());
        }
    }

    /** Ends a claim's transaction (rolled back unless committed already) and forgets it. Under its lock. */
    private void end(Claim c, boolean committed) {
        c.ended = true;
        PooledTransactor.end(c.handle, committed);
        open.remove(c);
        c.ids.forEach(id -> claimOf.remove(id, c));
    }

    /** Finishes the commits under way, settles every claim still held (a stopping node's), then stops settling. */
    @Override
    public void close() {
        committers.shutdown();
        try {
            committers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        List.copyOf(open).forEach(this::settleNow);
    }
}
