package dev.herald.store.jdbc;

import dev.herald.domain.BindingType;
import dev.herald.domain.DeliveryQueue.Claimed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;

/**
 * Which due deliveries a claim takes: high priority first, each priority's share split evenly over the
 * Notifications with queued work, so that a large send does not hold back a small one. Reads only; the caller
 * leases what it returns. Stateless.
 */
final class ClaimSelection {
    /** Notifications with due work that one claim looks at, at most. */
    private static final int CANDIDATES = 32;
    /** The same on SQLite, which orders them in memory, by when this process last served them. */
    private static final int LOCAL_CANDIDATES = 1000;

    private final Dialect dialect;

    ClaimSelection(Dialect dialect) {
        this.dialect = dialect;
    }

    record Candidate(String sid, int priority) {
    }

    /** Notifications with queued deliveries, in {@code order} (SQL: empty for the order SQL reads them in). */
    List<Candidate> candidates(Handle h, String order) {
        return h.createQuery("SELECT sid, priority FROM notifications WHERE queued > 0" + order
                        + " LIMIT " + (order.isEmpty() ? LOCAL_CANDIDATES : CANDIDATES))
                .map((rs, ctx) -> new Candidate(rs.getString("sid"), rs.getInt("priority"))).list();
    }

    /**
     * Up to {@code limit} due deliveries, high priority first, each priority's share split evenly over its
     * Notifications in the order given, leaving out those {@code excluded} (reading {@code extra} more rows of a
     * Notification to make up for them).
     */
    List<Claimed> select(Handle h, List<Candidate> candidates, long nowMillis, int limit,
                        LongPredicate excluded, ToIntFunction<String> extra) {
        List<Claimed> claimed = new ArrayList<>();
        for (int priority = 0; priority <= 1 && claimed.size() < limit; priority++) {
            List<String> sids = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.priority() == priority) {
                    sids.add(c.sid());
                }
            }
            int remaining = limit - claimed.size();
            int share = sids.isEmpty() ? 0 : Math.max(1, (remaining + sids.size() - 1) / sids.size());
            for (String sid : sids) {
                int room = Math.min(share, limit - claimed.size());
                if (room <= 0) {
                    break;
                }
                int taken = 0;
                for (Claimed c : due(h, sid, nowMillis, room + extra.applyAsInt(sid))) {
                    if (taken < room && !excluded.test(c.id())) {
                        claimed.add(c);
                        taken++;
                    }
                }
            }
        }
        return claimed;
    }

    private List<Claimed> due(Handle h, String notificationSid, long nowMillis, int limit) {
        return h.createQuery("SELECT id, binding_sid, binding_type, identity, address, credential_sid, "
                        + "protocol_version, attempts FROM deliveries WHERE notification_sid = :n AND status = 0 "
                        + "AND due <= :now ORDER BY due LIMIT :limit" + dialect.skipLocked())
                .bind("n", notificationSid).bind("now", nowMillis).bind("limit", limit)
                .map((rs, ctx) -> new Claimed(rs.getLong("id"), notificationSid, rs.getString("binding_sid"),
                        BindingType.fromWire(rs.getString("binding_type")).orElseThrow(), rs.getString("identity"),
                        rs.getString("address"), rs.getString("credential_sid"), rs.getString("protocol_version"),
                        rs.getInt("attempts") + 1))
                .list();
    }
}
