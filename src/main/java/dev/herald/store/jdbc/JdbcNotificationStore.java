package dev.herald.store.jdbc;

import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Slice;
import java.util.Optional;

/** Notifications and deliveries in SQL. (Being written: every method fails for now.) */
final class JdbcNotificationStore implements NotificationStore {
    private final Transactor tx;
    private final Dialect dialect;

    JdbcNotificationStore(Transactor tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public InsertResult insert(Notification notification) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<SentNotification> find(String accountSid, String serviceSid, String sid) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<Slice<Delivery>> deliveries(String accountSid, String serviceSid, String notificationSid,
                                                DeliveryStatus status, PageRequest page) {
        throw new UnsupportedOperationException("not yet");
    }
}
