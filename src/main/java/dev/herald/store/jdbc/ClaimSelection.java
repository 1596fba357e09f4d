package dev.herald.store.jdbc;

import dev.herald.domain.BindingType;
import dev.herald.domain.DeliveryQueue.Claimed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

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

    /** A place in a Notification's queued deliveries, in the order claims read them ({@code due}, then {@code id}). */
    record Cursor(long due, long id) implements Comparable<Cursor> {
        @Override
        public int compareTo(Cursor other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(id, other.id);
        }
    }

    /**
     * What a claim leaves out and where it starts reading, per Notification: SQLite's claims in memory
     * ({@link LocalClaims}). {@link #NONE} on PostgreSQL, whose claimed rows are locked (claims skip them) or, once
     * settled, leased (not due).
     */
    interface Marks {
        Marks NONE = new Marks() {
            @Override
            public boolean marked(long id) {
                return false;
            }

            @Override
            public int markedOf(String notificationSid) {
                return 0;
            }

            @Override
            public Cursor after(String notificationSid) {
                return null;
            }

            @Override
            public boolean behind(String notificationSid) {
                return true;
            }

            @Override
            public void caughtUp(String notificationSid) {
            }

            @Override
            public void reached(String notificationSid, Cursor cursor) {
            }
        };

        /** Whether delivery {@code id} is claimed already. */
        boolean marked(long id);

        /** How many of the Notification's deliveries are claimed already. */
        int markedOf(String notificationSid);

        /** Where to read the Notification's deliveries from first; null: from its first due one. */
        Cursor after(String notificationSid);

        /**
         * Whether deliveries may lie behind the Notification's cursor (queued there since a read from its first
         * reached the end: a fan-out chunk, a retry), so that reading after the cursor can miss some.
         */
        boolean behind(String notificationSid);

        /** A read from the Notification's first due delivery reached the end: nothing lies behind the cursor now. */
        void caughtUp(String notificationSid);

        /** The last delivery taken of the Notification, in the claims' order. */
        void reached(String notificationSid, Cursor cursor);
    }

    /** Notifications with queued deliveries, in {@code order} (SQL: empty for the order SQL reads them in). */
    List<Candidate> candidates(Handle h, String order) {
        return h.createQuery("SELECT sid, priority FROM notifications WHERE queued > 0" + order
                        + " LIMIT " + (order.isEmpty() ? LOCAL_CANDIDATES : CANDIDATES))
                .map((rs, ctx) -> new Candidate(rs.getString("sid"), rs.getInt("priority"))).list();
    }

    /**
     * Up to {@code limit} due deliveries, high priority first, each priority's share split evenly over its
     * Notifications in the order given, leaving out those {@code marks} has. A Notification is read after its
     * cursor first, so that a claim does not read again the deliveries claimed before; when that is not enough and
     * deliveries may lie behind the cursor, from its first due one, reading as many more rows as it has marked to
     * make up for them.
     */
    List<Claimed> select(Handle h, List<Candidate> candidates, long nowMillis, int limit, Marks marks) {
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
                take(h, sid, nowMillis, room, marks, claimed);
            }
        }
        return claimed;
    }

    /** Adds up to {@code room} of the Notification's due deliveries to {@code claimed}. */
    private void take(Handle h, String sid, long nowMillis, int room, Marks marks, List<Claimed> claimed) {
        Cursor after = marks.after(sid);
        List<Row> taken = new ArrayList<>();
        if (after != null) {
            for (Row row : due(h, sid, nowMillis, room, after)) {
                if (!marks.marked(row.claimed().id())) {
                    taken.add(row);
                }
            }
        }
        if (taken.size() < room && (after == null || marks.behind(sid))) {
            Set<Long> ids = new HashSet<>();
            taken.forEach(row -> ids.add(row.claimed().id()));
            List<Row> first = new ArrayList<>();
            int limit = room - taken.size() + marks.markedOf(sid);
            List<Row> rows = due(h, sid, nowMillis, limit, null);
            if (rows.size() < limit) {
                marks.caughtUp(sid);
            }
            for (Row row : rows) {
                if (first.size() + taken.size() < room && !marks.marked(row.claimed().id())
                        && !ids.contains(row.claimed().id())) {
                    first.add(row);
                }
            }
            if (!first.isEmpty()) { // read from the first: what it took comes before what the cursor read
                first.addAll(taken);
                taken = first;
            }
        }
        Cursor last = null;
        for (Row row : taken) {
            claimed.add(row.claimed());
            Cursor at = new Cursor(row.due(), row.claimed().id());
            if (last == null || at.compareTo(last) > 0) {
                last = at;
            }
        }
        if (last != null) {
            marks.reached(sid, last);
        }
    }

    private record Row(Claimed claimed, long due) {
    }

    /**
     * Up to {@code limit} due deliveries of the Notification in the claims' order, from the first or after {@code
     * after}: two index seeks (the rest of the cursor's due time, then the later ones), as SQLite does not seek on
     * a row value's second column.
     */
    private List<Row> due(Handle h, String notificationSid, long nowMillis, int limit, Cursor after) {
        if (after == null) {
            return due(h, notificationSid, "", nowMillis, limit, 0, 0);
        }
        List<Row> rows = new ArrayList<>(due(h, notificationSid, " AND due = :afterDue AND id > :afterId", nowMillis,
                limit, after.due(), after.id()));
        if (rows.size() < limit) {
            rows.addAll(due(h, notificationSid, " AND due > :afterDue", nowMillis, limit - rows.size(), after.due(), 0));
        }
        return rows;
    }

    private List<Row> due(Handle h, String notificationSid, String range, long nowMillis, int limit, long afterDue,
                          long afterId) {
        Query query = h.createQuery("SELECT id, due, binding_sid, binding_type, identity, address, credential_sid, "
                        + "protocol_version, attempts FROM deliveries WHERE notification_sid = :n AND status = 0 "
                        + "AND due <= :now" + range
                        // SQLite's index ends with the rowid (id); PostgreSQL's does not (and has no cursors)
                        + (dialect == Dialect.SQLITE ? " ORDER BY due, id" : " ORDER BY due")
                        + " LIMIT :limit" + dialect.skipLocked())
                .bind("n", notificationSid).bind("now", nowMillis).bind("limit", limit);
        if (range.contains(":afterDue")) {
            query.bind("afterDue", afterDue);
        }
        if (range.contains(":afterId")) {
            query.bind("afterId", afterId);
        }
        return query.map((rs, ctx) -> new Row(new Claimed(rs.getLong("id"), notificationSid, rs.getString("binding_sid"),
                        BindingType.fromWire(rs.getString("binding_type")).orElseThrow(), rs.getString("identity"),
                        rs.getString("address"), rs.getString("credential_sid"), rs.getString("protocol_version"),
                        rs.getInt("attempts") + 1), rs.getLong("due")))
                .list();
    }
}
