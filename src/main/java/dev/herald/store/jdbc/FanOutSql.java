package dev.herald.store.jdbc;

import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The SQL of a fan-out chunk: where the next chunk of a Notification's targets ends, and the copy of that range of
 * Bindings into deliveries by one {@code INSERT … SELECT}, so that no target goes through Java. Ranges are over
 * the Bindings' keyset order {@code (date_created, sid)}, open at the start and closed at the end.
 */
final class FanOutSql {
    private FanOutSql() {
    }

    /**
     * The position of the {@code size}th Binding of {@code selection} after {@code from}; null when fewer remain.
     * It reads {@link BindingListQuery.Selection#positionsFromWhere}: with tags, the tag rows alone.
     */
    static Position end(Handle h, BindingListQuery.Selection selection, Position from, int size) {
        String created = selection.created();
        String sid = selection.sid();
        PageRequest after = new PageRequest(size, from, null);
        return Keyset.bindPosition(selection.bindPositions(h.createQuery("SELECT " + created + ", " + sid
                        + selection.positionsFromWhere() + Keyset.condition(after, created, sid) + " ORDER BY " + created + ", "
                        + sid + " LIMIT 1 OFFSET :skip")), after)
                .bind("skip", size - 1)
                .map((rs, ctx) -> new Position(rs.getLong(1), rs.getString(2))).findOne().orElse(null);
    }

    /**
     * Where the Bindings' range of a chunk of {@code size} targets of a one-tag {@code selection} (after position
     * {@code from} up to {@code end}) starts, open, when it lies among few other Bindings: at most {@value #DENSE}
     * times as many Bindings in that range as targets, as a run of Bindings tagged together (a group, a cohort)
     * does; null otherwise. Its insert can then read the range of Bindings in keyset order instead of probing their
     * key once a target, which costs PostgreSQL about half such a chunk (BENCHMARKS.md §16). A first chunk's range
     * starts at its first target's second, not at the Service's first Binding. Reads at most {@value #DENSE} ×
     * size + 1 index entries.
     */
    static Position dense(Handle h, BindingListQuery.Selection selection, Position from, Position end, int size) {
        if (!selection.oneTag()) {
            return null;
        }
        Position start = from;
        if (start == null) {
            Position first = end(h, selection, null, 1);
            if (first == null) {
                return null;
            }
            start = new Position(first.dateCreated(), ""); // before every SID of that second
        }
        int cap = DENSE * size + 1;
        int bindings = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM bindings b WHERE b.service_sid = :service"
                        + " AND (b.date_created, b.sid) > (:fc, :fs) AND (b.date_created, b.sid) <= (:ec, :es) LIMIT "
                        + cap + ") x")
                .bind("service", selection.serviceSid()).bind("fc", start.dateCreated()).bind("fs", start.sid())
                .bind("ec", end.dateCreated()).bind("es", end.sid())
                .mapTo(Integer.class).one();
        return bindings < cap ? start : null;
    }

    /** Bindings in a dense chunk's range, at most, for each of its targets. */
    static final int DENSE = 2;

    /**
     * Queues a delivery, due at once, for each Binding of {@code selection} after {@code from} up to {@code end}
     * included (to the last when {@code end} is null), in list order; answers how many. {@code denseFrom} (where
     * {@link #dense} said a chunk's Bindings start; null when it is not dense): the Bindings' own range from there to
     * {@code end} is read too, for a join without a probe a target; the caller plans it so ({@code enable_nestloop}
     * off on PostgreSQL).
     */
    static int insert(Handle h, BindingListQuery.Selection selection, String notificationSid, Position from,
                      Position end, long nowSeconds, Position denseFrom) {
        PageRequest after = new PageRequest(1, from, null);
        Update update = Keyset.bindPosition(selection.bind(h.createUpdate(insertSql(selection, from, end,
                        denseFrom))), after)
                .bind("notification", notificationSid).bind("now", nowSeconds);
        if (end != null) {
            update.bind("ec", end.dateCreated()).bind("es", end.sid());
        }
        if (denseFrom != null) {
            update.bind("dc", denseFrom.dateCreated()).bind("ds", denseFrom.sid());
        }
        return update.execute();
    }

    /** The SQL of {@link #insert}. */
    static String insertSql(BindingListQuery.Selection selection, Position from, Position end, Position denseFrom) {
        String created = selection.created();
        String sid = selection.sid();
        return "INSERT INTO deliveries (notification_sid, binding_sid, binding_type, identity, address, "
                + "credential_sid, protocol_version, status, due, claimed, attempts, date_created, date_updated) "
                + "SELECT :notification, b.sid, b.binding_type, b.identity, b.address, b.credential_sid, "
                + "b.notification_protocol_version, 0, 0, 0, 0, :now, :now" + selection.fromWhere()
                + Keyset.condition(new PageRequest(1, from, null), created, sid)
                + (end == null ? "" : " AND (" + created + ", " + sid + ") <= (:ec, :es)")
                + (denseFrom != null ? " AND b.service_sid = :service AND (b.date_created, b.sid) > (:dc, :ds)"
                        + " AND (b.date_created, b.sid) <= (:ec, :es)" : "")
                + " ORDER BY " + created + ", " + sid;
    }
}
