package dev.herald.store.jdbc;

import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.store.jdbc.ClaimSelection.Cursor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The claims of the one process that owns a SQLite store: the deliveries it has claimed and not yet finished or
 * released, when it last served each Notification (for fair claims), and where its claims reached in each
 * Notification's queue ({@link ClaimSelection.Marks}). A claim reads and marks under one lock, and a finish unmarks
 * only after its outcomes are committed, under the same lock, so no claim can read a delivery as queued after its
 * outcome was recorded without also finding it marked. Thread-safe.
 */
final class LocalClaims {
    /** Reads claimable deliveries, as {@code marks} says. */
    interface Reader {
        List<Claimed> read(ClaimSelection.Marks marks);
    }

    private final Set<Long> marked = new HashSet<>();
    private final Map<String, Integer> markedPerNotification = new HashMap<>();
    private final Map<Long, String> notificationOf = new HashMap<>();
    private final Map<String, Long> servedAt = new HashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    /** Notifications with deliveries maybe behind their cursor: queued there since a read from the first ended. */
    private final Set<String> behind = new HashSet<>();
    private long serving;

    private final ClaimSelection.Marks marks = new ClaimSelection.Marks() {
        @Override
        public boolean marked(long id) {
            return marked.contains(id);
        }

        @Override
        public int markedOf(String notificationSid) {
            return markedPerNotification.getOrDefault(notificationSid, 0);
        }

        @Override
        public Cursor after(String notificationSid) {
            return cursors.get(notificationSid);
        }

        @Override
        public boolean behind(String notificationSid) {
            return behind.contains(notificationSid);
        }

        @Override
        public void caughtUp(String notificationSid) {
            behind.remove(notificationSid);
        }

        @Override
        public void reached(String notificationSid, Cursor cursor) {
            cursors.put(notificationSid, cursor);
        }
    };

    /** When this process last served the Notification, as a claim count (0: never, or forgotten). */
    synchronized long lastServed(String notificationSid) {
        return servedAt.getOrDefault(notificationSid, 0L);
    }

    /** Forgets the Notifications no longer among those with queued work, so that the memory stays bounded. */
    synchronized void forgetAllBut(Set<String> notificationSids) {
        servedAt.keySet().retainAll(notificationSids);
        cursors.keySet().retainAll(notificationSids);
        behind.retainAll(notificationSids);
    }

    synchronized List<Claimed> claim(Reader reader) {
        List<Claimed> claimed = reader.read(marks);
        serving++;
        for (Claimed c : claimed) {
            marked.add(c.id());
            notificationOf.put(c.id(), c.notificationSid());
            markedPerNotification.merge(c.notificationSid(), 1, Integer::sum);
            servedAt.put(c.notificationSid(), serving);
        }
        return claimed;
    }

    /**
     * Says that a delivery of the Notification was queued (committed, unmarked) at {@code due}: when that is behind
     * the Notification's cursor, the next claim that finds too few after the cursor reads it from the first. A
     * fan-out chunk's deliveries, all due at once with ids after every existing one, are {@code (0,
     * Long.MAX_VALUE)}.
     */
    synchronized void queued(String notificationSid, long due, long id) {
        Cursor cursor = cursors.get(notificationSid);
        if (cursor != null && new Cursor(due, id).compareTo(cursor) <= 0) {
            behind.add(notificationSid);
        }
    }

    /** Unmarks deliveries finished (their outcomes committed) or handed back. */
    synchronized void release(LongStream ids) {
        ids.forEach(id -> {
            if (marked.remove(id)) {
                markedPerNotification.computeIfPresent(notificationOf.remove(id), (sid, n) -> n > 1 ? n - 1 : null);
            }
        });
    }

    /** Unmarks deliveries handed back unfinished: they lie behind the cursors, which start over. */
    synchronized void handBack(LongStream ids) {
        release(ids);
        cursors.clear();
        behind.clear();
    }
}
