package dev.herald.store.jdbc;

import dev.herald.domain.CallbackQueue;
import dev.herald.domain.DeliveryQueue.Result;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Delivery callbacks in {@code callbacks}: queued with their outcomes, claimed, deleted once sent. On PostgreSQL a
 * claim is a lease written in the row ({@code due} moves to its end; {@code SKIP LOCKED} keeps nodes apart); on
 * SQLite, where this process owns the store, it is a read and a mark in memory, as for deliveries ({@link
 * LocalClaims}): no write on the single writer for it, and a crash forgets the marks, so the callbacks are simply due
 * at the next start. A mark is removed only after the callback's attempt is committed, under the same lock as
 * claims, so no claim can read a callback whose attempt was recorded without finding it marked.
 */
final class JdbcCallbackQueue implements CallbackQueue {
    private final Transactor tx;
    private final Dialect dialect;
    private final Set<Long> marked; // SQLite only; guarded by itself

    JdbcCallbackQueue(Transactor tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.marked = dialect == Dialect.SQLITE ? new HashSet<>() : null;
    }

    /** Queues, due at once, the callback of each result that was recorded ({@code counts[i]} 1) and has one. */
    static void queue(Handle h, List<Result> results, int[] counts, long nowMillis) {
        PreparedBatch insert = null;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            if (counts[i] == 0 || r.callback() == null) {
                continue;
            }
            if (insert == null) {
                insert = h.prepareBatch("INSERT INTO callbacks (notification_sid, account_sid, url, form, status, "
                        + "attempts, due) VALUES (:n, :account, :url, :form, 0, 0, :due)");
            }
            insert.bind("n", r.callback().notificationSid()).bind("account", r.callback().accountSid())
                    .bind("url", r.callback().url()).bind("form", r.callback().form()).bind("due", nowMillis).add();
        }
        if (insert != null) {
            insert.execute();
        }
    }

    @Override
    public List<Pending> claim(long nowMillis, long leaseMillis, int limit) {
        if (marked != null) {
            synchronized (marked) {
                List<Pending> due = tx.read(h -> select(h, nowMillis, limit + marked.size(), ""));
                List<Pending> claimed = due.stream().filter(p -> !marked.contains(p.id())).limit(limit).toList();
                claimed.forEach(p -> marked.add(p.id()));
                return claimed;
            }
        }
        boolean any = tx.read(h -> h.createQuery("SELECT 1 FROM callbacks WHERE status = 0 AND due <= :now LIMIT 1")
                .bind("now", nowMillis).mapTo(Integer.class).findOne().isPresent());
        if (!any) {
            return List.of(); // most of the time: no write transaction for nothing
        }
        return tx.writeBackground(h -> {
            List<Pending> due = select(h, nowMillis, limit, " FOR UPDATE SKIP LOCKED");
            if (!due.isEmpty()) {
                PreparedBatch lease = h.prepareBatch("UPDATE callbacks SET due = :until WHERE id = :id");
                due.forEach(p -> lease.bind("until", nowMillis + leaseMillis).bind("id", p.id()).add());
                lease.execute();
            }
            return due;
        });
    }

    private static List<Pending> select(Handle h, long nowMillis, int limit, String locking) {
        return h.createQuery("SELECT id, notification_sid, account_sid, url, form, attempts FROM callbacks "
                        + "WHERE status = 0 AND due <= :now ORDER BY due LIMIT :limit" + locking)
                .bind("now", nowMillis).bind("limit", limit)
                .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getString("notification_sid"),
                        rs.getString("account_sid"), rs.getString("url"), rs.getString("form"),
                        rs.getInt("attempts")))
                .list();
    }

    @Override
    public void complete(List<Done> done) {
        if (done.isEmpty()) {
            return;
        }
        tx.writeBackground(h -> {
            PreparedBatch sent = h.prepareBatch("DELETE FROM callbacks WHERE id = :id");
            PreparedBatch again = h.prepareBatch("UPDATE callbacks SET status = :status, attempts = :attempts, "
                    + "due = :due, error = :error WHERE id = :id");
            int sentCount = 0;
            int againCount = 0;
            for (Done d : done) {
                if (d.sent()) {
                    sent.bind("id", d.id()).add();
                    sentCount++;
                } else {
                    again.bind("status", d.dueMillis() > 0 ? 0 : 1).bind("attempts", d.attempts())
                            .bind("due", d.dueMillis()).bind("error", d.error()).bind("id", d.id()).add();
                    againCount++;
                }
            }
            if (sentCount > 0) {
                sent.execute();
            }
            if (againCount > 0) {
                again.execute();
            }
            return null;
        });
        if (marked != null) {
            synchronized (marked) {
                done.forEach(d -> marked.remove(d.id()));
            }
        }
    }

    @Override
    public long[] counts(String notificationSid) {
        return tx.read(h -> h.createQuery("SELECT COALESCE(SUM(CASE WHEN status = 0 THEN 1 ELSE 0 END), 0), "
                        + "COALESCE(SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END), 0) FROM callbacks "
                        + "WHERE notification_sid = :n")
                .bind("n", notificationSid)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
    }
}
