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
     * Queues a delivery, due at once, for each Binding of {@code selection} after {@code from} up to {@code end}
     * included (to the last when {@code end} is null), in list order; answers how many.
     */
    static int insert(Handle h, BindingListQuery.Selection selection, String notificationSid, Position from,
                      Position end, long nowSeconds) {
        String created = selection.created();
        String sid = selection.sid();
        PageRequest after = new PageRequest(1, from, null);
        String sql = "INSERT INTO deliveries (notification_sid, binding_sid, binding_type, identity, address, "
                + "credential_sid, protocol_version, status, due, claimed, attempts, date_created, date_updated) "
                + "SELECT :notification, b.sid, b.binding_type, b.identity, b.address, b.credential_sid, "
                + "b.notification_protocol_version, 0, 0, 0, 0, :now, :now" + selection.fromWhere()
                + Keyset.condition(after, created, sid)
                + (end == null ? "" : " AND (" + created + ", " + sid + ") <= (:ec, :es)")
                + " ORDER BY " + created + ", " + sid;
        Update update = Keyset.bindPosition(selection.bind(h.createUpdate(sql)), after)
                .bind("notification", notificationSid).bind("now", nowSeconds);
        if (end != null) {
            update.bind("ec", end.dateCreated()).bind("es", end.sid());
        }
        return update.execute();
    }
}
