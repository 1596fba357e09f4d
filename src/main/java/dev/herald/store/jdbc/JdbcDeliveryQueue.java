package dev.herald.store.jdbc;

import dev.herald.domain.BindingFilter;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import dev.herald.domain.Position;
import dev.herald.store.jdbc.ClaimSelection.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The delivery queue in {@code notifications} and {@code deliveries}. An expansion's lease is a time in its row
 * ({@code lease_until}): an expansion whose time has passed is anyone's. On PostgreSQL a claim holds its
 * deliveries' rows locked ({@link HeldClaims}, {@code FOR UPDATE SKIP LOCKED}) until their outcomes are written, so
 * nodes claiming at once take different rows; a claim held too long leases its rows instead ({@code due}, the
 * lease's end, and {@code claimed}). SQLite has one writer and keeps its claims in memory ({@link LocalClaims}).
 */
final class JdbcDeliveryQueue implements DeliveryQueue {
    private final Transactor tx;
    private final Dialect dialect;
    /** SQLite's claims, in memory; null on PostgreSQL. */
    private final LocalClaims local;
    /** PostgreSQL's claims, held transactions; null on SQLite. */
    private final HeldClaims held;
    private final ClaimSelection selection;
    private final BindingListQuery bindingQuery;

    JdbcDeliveryQueue(Transactor tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.local = dialect == Dialect.SQLITE ? new LocalClaims() : null;
        this.held = dialect == Dialect.SQLITE ? null : new HeldClaims(tx, tx.figures().max(), this::record);
        this.selection = new ClaimSelection(dialect);
        this.bindingQuery = new BindingListQuery(dialect);
    }

    @Override
    public List<Expansion> leaseExpansions(long nowMillis, long leaseMillis, int limit) {
        return tx.writeBackground(h -> {
            List<Expansion> found = h.createQuery("SELECT " + NotificationRows.COLUMNS + ", cursor_date, cursor_sid "
                            + "FROM notifications WHERE state = 0 AND lease_until <= :now ORDER BY lease_until "
                            + "LIMIT :limit" + dialect.skipLocked())
                    .bind("now", nowMillis).bind("limit", limit)
                    .map((rs, ctx) -> new Expansion(NotificationRows.notification(rs, ctx),
                            rs.getLong("cursor_date") < 0 ? null
                                    : new Position(rs.getLong("cursor_date"), rs.getString("cursor_sid"))))
                    .list();
            if (!found.isEmpty()) {
                PreparedBatch lease = h.prepareBatch("UPDATE notifications SET lease_until = :until WHERE sid = :sid");
                for (Expansion e : found) {
                    lease.bind("until", nowMillis + leaseMillis).bind("sid", e.notification().sid()).add();
                }
                lease.execute();
            }
            return found;
        });
    }

    /** Thrown inside an expansion's transaction to roll its deliveries back: another node moved the cursor. */
    private static final class Moved extends RuntimeException {
        Moved() {
            super(null, null, false, false);
        }
    }

    /**
     * A fan-out chunk's SQL (null when nothing can match), where the chunk ends (null: at the last target) and, for
     * a dense chunk, where its Bindings start ({@link FanOutSql#dense}; null for any other).
     */
    private record Plan(BindingListQuery.Selection selection, Position end, Position denseFrom) {
    }

    /**
     * Reads the plan and where the chunk ends on a reader first, then, in one write transaction, copies the chunk's
     * Bindings into deliveries ({@link FanOutSql}) and moves the cursor last (rolling all back when another node
     * moved it), so that the Notification's row, which claims and outcomes update too, stays locked for a moment
     * only.
     */
    @Override
    public Chunk expand(Notification n, BindingFilter filter, Position from, int size, long nowMillis,
                        long leaseUntilMillis) {
        Plan plan = filter.none() ? new Plan(null, null, null) : tx.read(h -> {
            BindingListQuery.Selection s = bindingQuery.select(h, n.accountSid(), n.serviceSid(), filter);
            Position end = FanOutSql.end(h, s, from, size);
            // PostgreSQL probes a Binding a target otherwise; SQLite (no rangeJoins) does so whatever the SQL
            return new Plan(s, end, tx.rangeJoins() != null && end != null
                    ? FanOutSql.dense(h, s, from, end, size) : null);
        });
        BindingListQuery.Selection selection = plan.selection();
        Position end = plan.end();
        boolean done = end == null;
        Position to = done ? from : end;
        try {
            Chunk chunk = tx.writeBackground(h -> {
                if (plan.denseFrom() != null) { // a join over both ranges (a hash join), planned so once per connection
                    h.execute(tx.rangeJoins());
                }
                int queued = selection == null ? 0 : FanOutSql.insert(h, selection, n.sid(), from, end,
                        Math.floorDiv(nowMillis, 1000), plan.denseFrom());
                int moved = h.createUpdate("UPDATE notifications SET cursor_date = :toDate, cursor_sid = :toSid, "
                                + "total = total + :n, queued = queued + :n, lease_until = :lease, "
                                + "state = CASE WHEN :done = 0 THEN 0 WHEN queued + :n = 0 THEN 2 ELSE 1 END, "
                                + "warning = CASE WHEN :done = 1 AND total + :n = 0 THEN " + DeliveryCounts.NO_TARGET
                                + " ELSE warning END "
                                + "WHERE sid = :sid AND state = 0 AND cursor_date = :fromDate AND cursor_sid = :fromSid")
                        .bind("toDate", to == null ? -1 : to.dateCreated()).bind("toSid", to == null ? "" : to.sid())
                        .bind("fromDate", from == null ? -1 : from.dateCreated())
                        .bind("fromSid", from == null ? "" : from.sid())
                        .bind("n", queued).bind("done", done ? 1 : 0).bind("lease", leaseUntilMillis)
                        .bind("sid", n.sid()).execute();
                if (moved == 0) {
                    throw new Moved();
                }
                return new Chunk(false, to, done);
            });
            if (local != null && selection != null) {
                local.queued(n.sid(), 0, Long.MAX_VALUE);
            }
            return chunk;
        } catch (Moved moved) {
            return new Chunk(true, null, false);
        }
    }

    /**
     * On PostgreSQL a claim is a transaction held open ({@link HeldClaims}): the rows are locked ({@code SKIP
     * LOCKED}) until their outcomes are written in it, and the Notifications' {@code served_at} moves in a
     * transaction of its own. On SQLite, where this process owns the store, a claim is a read and a mark in memory
     * ({@link LocalClaims}): the single writer does not spend a write per delivery on it, a crash forgets the marks
     * (the deliveries are simply due at the next start). On both the attempt is counted when its outcome is recorded.
     */
    @Override
    public List<Claimed> claim(long nowMillis, long leaseMillis, int limit) {
        if (local != null) {
            return local.claim(marks -> tx.read(h -> {
                List<Candidate> candidates = new ArrayList<>(selection.candidates(h, ""));
                local.forgetAllBut(candidates.stream().map(Candidate::sid).collect(Collectors.toSet()));
                candidates.sort(Comparator.comparingInt(Candidate::priority)
                        .thenComparingLong(c -> local.lastServed(c.sid())));
                return selection.select(h, candidates, nowMillis, limit, marks);
            }));
        }
        List<String> served = new ArrayList<>();
        List<Claimed> claimed = held.claim(nowMillis, leaseMillis, h -> {
            List<Candidate> candidates = selection.candidates(h, " ORDER BY priority, served_at");
            candidates.forEach(c -> served.add(c.sid()));
            return selection.select(h, candidates, nowMillis, limit, ClaimSelection.Marks.NONE);
        });
        if (!served.isEmpty()) { // in SID order: the order every transaction locks Notifications in
            tx.writeBackground(h -> {
                PreparedBatch batch = h.prepareBatch("UPDATE notifications SET served_at = :now WHERE sid = :sid");
                served.stream().sorted().forEach(sid -> batch.bind("now", nowMillis).bind("sid", sid).add());
                return batch.execute();
            });
        }
        return claimed;
    }

    @Override
    public int unsettled() {
        return held == null ? 0 : held.unsettled();
    }

    /** Two on PostgreSQL: a chunk's transaction waits for its round trips and its rows' locks, not for a core. */
    @Override
    public int expansionWriters() {
        return held == null ? 1 : 2;
    }

    @Override
    public boolean holdsClaims() {
        return held != null;
    }

    @Override
    public void finish(List<Result> results, long nowMillis) {
        if (results.isEmpty()) {
            return;
        }
        if (held != null) {
            held.finish(results, nowMillis);
            return;
        }
        tx.writeBackground(h -> {
            record(h, results, true, nowMillis);
            return null;
        });
        local.release(results.stream().mapToLong(Result::id));
        results.stream().filter(r -> r.status() == DeliveryStatus.QUEUED)
                .forEach(r -> local.queued(r.notificationSid(), r.dueMillis(), r.id()));
    }

    /**
     * Writes outcomes in {@code h}'s transaction: the deliveries ({@link OutcomeRows}; each attempt counted unless
     * {@code countAttempts} is false: a lease in the row counted it), their callbacks, dead Bindings, and per
     * Notification, in SID order (one lock order for every node), the counts: queued, delivered, rejected, expired.
     */
    private void record(Handle h, List<Result> results, boolean countAttempts, long nowMillis) {
        int[] counts = OutcomeRows.write(h, dialect, results, countAttempts, nowMillis);
        JdbcCallbackQueue.queue(h, results, counts, nowMillis);
        Map<String, long[]> changes = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            if (counts[i] == 0 || r.status() == DeliveryStatus.QUEUED) {
                continue; // finished elsewhere already, or back in the queue
            }
            long[] c = changes.computeIfAbsent(r.notificationSid(), k -> new long[4]);
            c[0]--;
            c[r.status().ordinal()]++;
            if (r.deleteBinding() && r.bindingSid() != null) {
                JdbcBindingStore.deleteDead(h, r.serviceSid(), r.bindingSid(), r.invalidatedAtSeconds());
            }
        }
        if (!changes.isEmpty()) {
            PreparedBatch counters = h.prepareBatch("UPDATE notifications SET queued = queued + :q, "
                    + "delivered = delivered + :d, rejected = rejected + :r, expired = expired + :e, "
                    + "state = CASE WHEN state = 1 AND queued + :q = 0 THEN 2 ELSE state END WHERE sid = :sid");
            changes.forEach((sid, c) -> counters.bind("q", c[0]).bind("d", c[1]).bind("r", c[2])
                    .bind("e", c[3]).bind("sid", sid).add());
            counters.execute();
        }
    }

    @Override
    public void release(List<Claimed> claimed, long nowMillis) {
        if (claimed.isEmpty()) {
            return;
        }
        if (local != null) {
            local.handBack(claimed.stream().mapToLong(Claimed::id));
        } else {
            held.release(claimed, nowMillis);
        }
    }

    /** Settles the claims this node still holds (PostgreSQL). */
    void close() {
        if (held != null) {
            held.close();
        }
    }

    /**
     * On SQLite, where one process owns the store, every expansion lease is a dead process's: ended. Its delivery
     * claims need nothing: they were marks in that process's memory ({@link LocalClaims}), never written.
     */
    @Override
    public void recover() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        tx.writeBackground(h -> h.createUpdate("UPDATE notifications SET lease_until = 0 WHERE state = 0").execute());
    }

    @Override
    public Optional<Notification> notification(String sid) {
        return tx.read(h -> h.createQuery("SELECT " + NotificationRows.COLUMNS + " FROM notifications WHERE sid = :sid")
                .bind("sid", sid).map(NotificationRows::notification).findOne());
    }

    /**
     * Deletes the deliveries of the oldest purgeable Notification (created before {@code beforeSeconds}, and done
     * or past its time to live) in one bounded transaction, and the Notification itself once it has none left.
     */
    @Override
    public int purge(long beforeSeconds, int limit) {
        return tx.writeBackground(h -> {
            Optional<String> sid = h.createQuery("SELECT sid FROM notifications WHERE date_created < :before "
                            + "AND (state = 2 OR date_created + ttl < :before) ORDER BY date_created LIMIT 1")
                    .bind("before", beforeSeconds).mapTo(String.class).findOne();
            if (sid.isEmpty()) {
                return 0;
            }
            int deleted = h.createUpdate("DELETE FROM deliveries WHERE notification_sid = :n AND id IN "
                            + "(SELECT id FROM deliveries WHERE notification_sid = :n LIMIT :limit)")
                    .bind("n", sid.get()).bind("limit", limit).execute();
            if (deleted < limit) {
                h.createUpdate("DELETE FROM callbacks WHERE notification_sid = :sid").bind("sid", sid.get()).execute();
                h.createUpdate("DELETE FROM notifications WHERE sid = :sid").bind("sid", sid.get()).execute();
                deleted++;
            }
            return deleted;
        });
    }

    @Override
    public int purgeIdempotencyTokens(long beforeSeconds, int limit) {
        return tx.writeBackground(h -> h.createUpdate("DELETE FROM idempotency_tokens WHERE (service_sid, token) IN "
                        + "(SELECT service_sid, token FROM idempotency_tokens WHERE date_created < :before LIMIT :limit)")
                .bind("before", beforeSeconds).bind("limit", limit).execute());
    }
}
