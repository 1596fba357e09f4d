package dev.herald.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link NotificationStore} for the use-case tests: inserts go to a list, a Service belongs to the
 * account when the real {@link ServiceStore} says so, and deliveries are whatever the test {@link #addDelivery adds}.
 * Thread-safe.
 */
final class MemoryNotifications implements NotificationStore {
    private static final Comparator<Notification> NEWEST_FIRST = Comparator.comparingLong(Notification::dateCreated)
            .thenComparing(Notification::sid).reversed();
    private final ServiceStore services;
    final List<Notification> inserted = new CopyOnWriteArrayList<>();
    private final Map<String, List<Delivery>> deliveries = new ConcurrentHashMap<>();
    /** The status filter of the last {@link #deliveries} call. */
    volatile DeliveryStatus lastStatus;

    MemoryNotifications(ServiceStore services) {
        this.services = services;
    }

    void addDelivery(Delivery d) {
        deliveries.computeIfAbsent(d.notificationSid(), k -> new CopyOnWriteArrayList<>()).add(d);
    }

    static DeliveryCounts counts(Notification n) {
        return new DeliveryCounts(DeliveryCounts.State.EXPANDING, 0, 0, 0, 0, 0, null);
    }

    /** Tokens by Service and token: the fingerprint and the Notification (no expiry: tests take less than a day). */
    private final Map<List<String>, Map.Entry<String, Notification>> tokens = new ConcurrentHashMap<>();

    @Override
    public synchronized InsertResult insert(Notification notification, IdempotencyKey key) {
        if (services.find(notification.accountSid(), notification.serviceSid()).isEmpty()) {
            return new InsertResult.ServiceMissing();
        }
        if (key != null) {
            var earlier = tokens.putIfAbsent(List.of(notification.serviceSid(), key.token()),
                    Map.entry(key.fingerprint(), notification));
            if (earlier != null) {
                return earlier.getKey().equals(key.fingerprint()) ? new InsertResult.Replayed(earlier.getValue())
                        : new InsertResult.TokenConflict();
            }
        }
        inserted.add(notification);
        return new InsertResult.Inserted(notification);
    }

    @Override
    public Optional<SentNotification> find(String accountSid, String serviceSid, String sid) {
        return inserted.stream()
                .filter(n -> n.accountSid().equals(accountSid) && n.serviceSid().equals(serviceSid)
                        && n.sid().equals(sid))
                .findFirst().map(n -> new SentNotification(n, counts(n)));
    }

    @Override
    public Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page) {
        List<Notification> all = inserted.stream()
                .filter(n -> n.accountSid().equals(accountSid) && n.serviceSid().equals(serviceSid))
                .sorted(NEWEST_FIRST).toList();
        List<Notification> rows = new ArrayList<>();
        boolean more;
        if (page.backward()) {
            List<Notification> before = all.stream().filter(n -> newer(n, page.before())).toList();
            int from = Math.max(0, before.size() - page.size());
            rows.addAll(before.subList(from, before.size()));
            more = from > 0;
        } else {
            List<Notification> after = page.after() == null ? all
                    : all.stream().filter(n -> newer(page.after(), n)).toList();
            rows.addAll(after.subList(0, Math.min(page.size(), after.size())));
            more = after.size() > page.size();
        }
        return new Slice<>(rows.stream().map(n -> new SentNotification(n, counts(n))).toList(), more);
    }

    /** Whether {@code n} comes before {@code p} in the newest-first order. */
    private static boolean newer(Notification n, Position p) {
        return n.dateCreated() > p.dateCreated() || n.dateCreated() == p.dateCreated() && n.sid().compareTo(p.sid()) > 0;
    }

    private static boolean newer(Position p, Notification n) {
        return n.dateCreated() < p.dateCreated() || n.dateCreated() == p.dateCreated() && n.sid().compareTo(p.sid()) < 0;
    }

    @Override
    public Optional<Slice<Delivery>> deliveries(String accountSid, String serviceSid, String notificationSid,
                                                DeliveryStatus status, PageRequest page) {
        lastStatus = status;
        if (find(accountSid, serviceSid, notificationSid).isEmpty()) {
            return Optional.empty();
        }
        List<Delivery> rows = deliveries.getOrDefault(notificationSid, List.of()).stream()
                .filter(d -> status == null || d.status() == status)
                .filter(d -> page.after() == null || d.id() > Long.parseLong(page.after().sid()))
                .toList();
        return Optional.of(new Slice<>(rows.subList(0, Math.min(page.size(), rows.size())),
                rows.size() > page.size()));
    }
}
