package dev.herald.delivery;

import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.Notification;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Notifications the dispatcher delivers, read once each (least recently used dropped first). Thread-safe. */
final class NotificationCache {
    private static final int SIZE = 1024;
    private final DeliveryQueue queue;
    private final Map<String, Notification> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Notification> eldest) {
            return size() > SIZE;
        }
    };

    NotificationCache(DeliveryQueue queue) {
        this.queue = queue;
    }

    /** The Notification, or null when it no longer exists. */
    synchronized Notification get(String sid) {
        Notification n = cache.get(sid);
        if (n == null) {
            n = queue.notification(sid).orElse(null);
            if (n != null) {
                cache.put(sid, n);
            }
        }
        return n;
    }
}
