package dev.herald;

import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Slice;
import java.util.Optional;

/** A {@link NotificationStore} that wakes this node's delivery engine after each Notification it stores. */
final class WakingNotificationStore implements NotificationStore {
    private final NotificationStore store;
    private final Runnable wake;

    WakingNotificationStore(NotificationStore store, Runnable wake) {
        this.store = store;
        this.wake = wake;
    }

    @Override
    public InsertResult insert(Notification notification, IdempotencyKey key) {
        InsertResult result = store.insert(notification, key);
        wake.run();
        return result;
    }

    @Override
    public Optional<SentNotification> find(String accountSid, String serviceSid, String sid) {
        return store.find(accountSid, serviceSid, sid);
    }

    @Override
    public Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page) {
        return store.list(accountSid, serviceSid, page);
    }

    @Override
    public Optional<Slice<Delivery>> deliveries(String accountSid, String serviceSid, String notificationSid,
                                                DeliveryStatus status, PageRequest page) {
        return store.deliveries(accountSid, serviceSid, notificationSid, status, page);
    }
}
