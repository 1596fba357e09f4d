package dev.herald.store.jdbc;

import dev.herald.domain.BindingType;
import dev.herald.domain.CallbackForm;
import dev.herald.domain.CallbackQueue;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Delivery callbacks, in two places: the callback of a delivery's final outcome rides on the delivery's row
 * ({@code callback_url}, {@code callback_due}: set by {@link JdbcDeliveryQueue#finish} in the same UPDATE, its form
 * built from the row when it is claimed), and the callback of an attempt to be retried is a row of {@code
 * callbacks} with its form (the delivery's row moves on). A claimed callback's id is the {@code callbacks} row's
 * id, or minus the delivery's id. A sent callback is forgotten (its {@code callbacks} row deleted, its delivery's
 * columns cleared); a failed one keeps its error until its Notification's purge.
 *
 * <p>On PostgreSQL a claim is a lease written in the row ({@code due} or {@code callback_due} moves to its end;
 * {@code SKIP LOCKED} keeps nodes apart); on SQLite, where this process owns the store, it is a read and a mark in
 * memory, as for deliveries ({@link LocalClaims}): no write on the single writer for it, and a crash forgets the
 * marks, so the callbacks are simply due at the next start. A mark is removed only after the callback's attempt is
 * committed, under the same lock as claims, so no claim can read a callback whose attempt was recorded without
 * finding it marked.
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

    /**
     * Queues, due at once, the callback of each result to be retried that was recorded ({@code counts[i]} 1) and has
     * one (a final outcome's callback was written on its delivery's row by the same UPDATE).
     */
    static void queue(Handle h, List<Result> results, int[] counts, long nowMillis) {
        PreparedBatch insert = null;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            if (counts[i] == 0 || r.callback() == null || r.status() != DeliveryStatus.QUEUED) {
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

    /**
     * Whether any callback is due, read through the indexes of due callbacks ({@link Transactor#indexScans}): a
     * connection plans it once, maybe while the deliveries were few or unknown to the statistics, and a scan of
     * the deliveries then took 0.5–1.3 s a poll until the next {@code ANALYZE} (BENCHMARKS.md §17).
     */
    static final String ANY_DUE = "SELECT EXISTS (SELECT 1 FROM callbacks WHERE status = 0 AND due <= :now) "
            + "OR EXISTS (SELECT 1 FROM deliveries WHERE callback_due IS NOT NULL AND callback_due <= :now)";

    @Override
    public List<Pending> claim(long nowMillis, long leaseMillis, int limit) {
        if (marked != null) {
            synchronized (marked) {
                int more = limit + marked.size();
                List<Pending> due = tx.read(h -> select(h, nowMillis, more, false));
                List<Pending> claimed = due.stream().filter(p -> !marked.contains(p.id())).limit(limit).toList();
                claimed.forEach(p -> marked.add(p.id()));
                return claimed;
            }
        }
        boolean any = tx.read(h -> h.inTransaction(t -> {
            if (tx.indexScans() != null) {
                t.execute(tx.indexScans());
            }
            return t.createQuery(ANY_DUE).bind("now", nowMillis).mapTo(Boolean.class).one();
        }));
        if (!any) {
            return List.of(); // most of the time: no write transaction for nothing
        }
        return tx.writeBackground(h -> {
            List<Pending> due = select(h, nowMillis, limit, true);
            PreparedBatch retries = h.prepareBatch("UPDATE callbacks SET due = :until WHERE id = :id");
            PreparedBatch finals = h.prepareBatch("UPDATE deliveries SET callback_due = :until "
                    + "WHERE notification_sid = :n AND id = :id");
            for (Pending p : due) {
                if (p.id() > 0) {
                    retries.bind("until", nowMillis + leaseMillis).bind("id", p.id()).add();
                } else {
                    finals.bind("until", nowMillis + leaseMillis).bind("n", p.notificationSid()).bind("id", -p.id())
                            .add();
                }
            }
            if (retries.size() > 0) {
                retries.execute();
            }
            if (finals.size() > 0) {
                finals.execute();
            }
            return due;
        });
    }

    /** Up to {@code limit} due callbacks, retries' first, locked ({@code SKIP LOCKED}) when {@code lock}. */
    private static List<Pending> select(Handle h, long nowMillis, int limit, boolean lock) {
        List<Pending> due = new ArrayList<>(h.createQuery("SELECT id, notification_sid, account_sid, url, form, "
                        + "attempts FROM callbacks WHERE status = 0 AND due <= :now ORDER BY due LIMIT :limit"
                        + (lock ? " FOR UPDATE SKIP LOCKED" : ""))
                .bind("now", nowMillis).bind("limit", limit)
                .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getString("notification_sid"),
                        rs.getString("account_sid"), rs.getString("url"), rs.getString("form"),
                        rs.getInt("attempts")))
                .list());
        if (due.size() < limit) {
            due.addAll(h.createQuery("SELECT d.id, d.notification_sid, n.service_sid, n.account_sid, d.binding_sid, "
                            + "d.binding_type, d.identity, d.status, d.error_code, d.error_message, "
                            + "d.provider_message_id, d.attempts, d.date_updated, d.callback_url, d.callback_attempts "
                            + "FROM deliveries d JOIN notifications n ON n.sid = d.notification_sid "
                            + "WHERE d.callback_due IS NOT NULL AND d.callback_due <= :now ORDER BY d.callback_due "
                            + "LIMIT :limit" + (lock ? " FOR UPDATE OF d SKIP LOCKED" : ""))
                    .bind("now", nowMillis).bind("limit", limit - due.size())
                    .map((rs, ctx) -> {
                        String form = CallbackForm.of(rs.getString("notification_sid"), rs.getString("service_sid"),
                                rs.getString("account_sid"), rs.getString("binding_sid"),
                                BindingType.fromWire(rs.getString("binding_type")).orElseThrow(),
                                rs.getString("identity"), NotificationRows.status(rs.getInt("status")),
                                NotificationRows.nullableInt(rs, "error_code"), rs.getString("error_message"),
                                rs.getString("provider_message_id"), rs.getInt("attempts"),
                                rs.getLong("date_updated"));
                        return new Pending(-rs.getLong("id"), rs.getString("notification_sid"),
                                rs.getString("account_sid"), rs.getString("callback_url"), form,
                                rs.getInt("callback_attempts"));
                    })
                    .list());
        }
        return due;
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
            PreparedBatch sentOnRow = h.prepareBatch("UPDATE deliveries SET callback_url = NULL, "
                    + "callback_due = NULL, callback_attempts = :attempts, callback_error = NULL "
                    + "WHERE notification_sid = :n AND id = :id");
            // again: due at the next attempt; failed for good: due cleared, the error kept
            PreparedBatch againOnRow = h.prepareBatch("UPDATE deliveries SET callback_due = :due, "
                    + "callback_attempts = :attempts, callback_error = :error "
                    + "WHERE notification_sid = :n AND id = :id");
            for (Done d : done) {
                if (d.id() < 0 && d.sent()) {
                    sentOnRow.bind("attempts", d.attempts()).bind("n", d.notificationSid()).bind("id", -d.id()).add();
                } else if (d.id() < 0) {
                    againOnRow.bind("due", d.dueMillis() > 0 ? (Long) d.dueMillis() : null)
                            .bind("attempts", d.attempts()).bind("error", d.error()).bind("n", d.notificationSid())
                            .bind("id", -d.id()).add();
                } else if (d.sent()) {
                    sent.bind("id", d.id()).add();
                } else {
                    again.bind("status", d.dueMillis() > 0 ? 0 : 1).bind("attempts", d.attempts())
                            .bind("due", d.dueMillis()).bind("error", d.error()).bind("id", d.id()).add();
                }
            }
            for (PreparedBatch batch : List.of(sent, again, sentOnRow, againOnRow)) {
                if (batch.size() > 0) {
                    batch.execute();
                }
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
        return tx.read(h -> h.createQuery("SELECT "
                        + "(SELECT COUNT(*) FROM callbacks WHERE notification_sid = :n AND status = 0) + "
                        + "(SELECT COUNT(*) FROM deliveries WHERE notification_sid = :n AND callback_due IS NOT NULL), "
                        + "(SELECT COUNT(*) FROM callbacks WHERE notification_sid = :n AND status = 1) + "
                        + "(SELECT COUNT(*) FROM deliveries WHERE notification_sid = :n AND callback_due IS NULL "
                        + "AND callback_error IS NOT NULL)")
                .bind("n", notificationSid)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
    }
}
