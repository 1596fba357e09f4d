package dev.herald.domain;

import java.util.Optional;

/**
 * Notifications and their delivery records, scoped by account and Service. Thread-safe; writes are durable on
 * return.
 */
public interface NotificationStore {

    /** Outcome of {@link #insert}. */
    sealed interface InsertResult {
        record Inserted(Notification notification) implements InsertResult {
        }

        /** The Service is not (or no longer) the account's: nothing was stored. */
        record ServiceMissing() implements InsertResult {
        }

        /** The idempotency token came with the same request before: nothing was stored; {@code original} is its. */
        record Replayed(Notification original) implements InsertResult {
        }

        /** The idempotency token came with another request before: nothing was stored. */
        record TokenConflict() implements InsertResult {
        }
    }

    /**
     * Stores {@code notification} and its fan-out's starting point in one transaction, if its Service is the
     * account's: a direct Notification ({@code ToBinding}) gets one queued delivery per distinct address at once;
     * any other starts {@code EXPANDING}, and the engine finds its Bindings later, in chunks, among those created
     * no later than its {@code dateCreated}.
     */
    default InsertResult insert(Notification notification) {
        return insert(notification, null);
    }

    /**
     * {@link #insert(Notification)} once per {@code key} (null: none) in the Service: a token stored less than
     * {@link IdempotencyKey#LIFETIME_SECONDS} before {@code notification}'s {@code dateCreated} answers {@code
     * Replayed} with the Notification it created (same fingerprint) or {@code TokenConflict}, and stores nothing.
     * Two inserts racing with one token, on any nodes, store one Notification. A token whose Notification was
     * purged already is forgotten with it.
     */
    InsertResult insert(Notification notification, IdempotencyKey key);

    Optional<SentNotification> find(String accountSid, String serviceSid, String sid);

    /** The Service's Notifications, newest first: {@code page} positions run backwards in time. */
    Slice<SentNotification> list(String accountSid, String serviceSid, PageRequest page);

    /**
     * The Notification's deliveries in the order they were created, only those in {@code status} when it is not
     * null; empty when the Notification is not the account's in that Service. Positions carry the delivery's id
     * as their SID ({@link Position#sid}, decimal) and 0 as their date.
     */
    Optional<Slice<Delivery>> deliveries(String accountSid, String serviceSid, String notificationSid,
                                         DeliveryStatus status, PageRequest page);
}
