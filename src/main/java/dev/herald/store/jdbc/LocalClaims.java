package dev.herald.store.jdbc;

import dev.herald.domain.DeliveryQueue.Claimed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.ToIntFunction;
import java.util.stream.LongStream;

/**
 * The claims of the one process that owns a SQLite store: the deliveries it has claimed and not yet finished or
 * released, and when it last served each Notification (for fair claims). A claim reads and marks under one lock,
 * and a finish unmarks only after its outcomes are committed, under the same lock, so no claim can read a
 * delivery as queued after its outcome was recorded without also finding it marked. Thread-safe.
 */
final class LocalClaims {
    /**
     * Reads claimable deliveries, leaving out the {@code excluded} ones and reading, for each Notification, as many
     * more rows as it has excluded ({@code extra}) to make up for them.
     */
    interface Reader {
        List<Claimed> read(LongPredicate excluded, ToIntFunction<String> extra);
    }

    private final Set<Long> marked = new HashSet<>();
    private final Map<String, Integer> markedPerNotification = new HashMap<>();
    private final Map<Long, String> notificationOf = new HashMap<>();
    private final Map<String, Long> servedAt = new HashMap<>();
    private long serving;

    /** When this process last served the Notification, as a claim count (0: never, or forgotten). */
    synchronized long lastServed(String notificationSid) {
        return servedAt.getOrDefault(notificationSid, 0L);
    }

    /** Forgets the Notifications no longer among those with queued work, so that the memory stays bounded. */
    synchronized void forgetAllBut(Set<String> notificationSids) {
        servedAt.keySet().retainAll(notificationSids);
    }

    synchronized List<Claimed> claim(int limit, Reader reader) {
        List<Claimed> claimed = reader.read(marked::contains, sid -> markedPerNotification.getOrDefault(sid, 0));
        serving++;
        for (Claimed c : claimed) {
            marked.add(c.id());
            notificationOf.put(c.id(), c.notificationSid());
            markedPerNotification.merge(c.notificationSid(), 1, Integer::sum);
            servedAt.put(c.notificationSid(), serving);
        }
        return claimed;
    }

    synchronized void release(LongStream ids) {
        ids.forEach(id -> {
            if (marked.remove(id)) {
                markedPerNotification.computeIfPresent(notificationOf.remove(id), (sid, n) -> n > 1 ? n - 1 : null);
            }
        });
    }
}
