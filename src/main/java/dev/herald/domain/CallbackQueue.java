package dev.herald.domain;

import java.util.List;

/**
 * Delivery callbacks waiting to be sent, queued by {@link DeliveryQueue#finish} with their deliveries' outcomes.
 * Every method is one transaction, durable on return; thread-safe; several nodes may share one queue (a lease
 * makes a callback one node's while it sends it). Times named {@code *Millis} are epoch milliseconds.
 */
public interface CallbackQueue {
    /**
     * A callback leased to the caller; {@code id} is the store's key for it, to give back in {@link Done};
     * {@code attempts} made before this one.
     */
    record Pending(long id, String notificationSid, String accountSid, String url, String form, int attempts) {
        @Override
        public String toString() {
            return "Pending[id=" + id + ", notificationSid=" + notificationSid + "]";
        }
    }

    /**
     * What became of one attempt at a callback: {@code sent} (it is forgotten), else due again at {@code dueMillis}
     * when that is positive, else failed for good with {@code error}; {@code attempts} made in all. {@code id} and
     * {@code notificationSid} are the claimed {@link Pending}'s.
     */
    record Done(long id, String notificationSid, boolean sent, int attempts, long dueMillis, String error) {
    }

    /** Leases up to {@code limit} callbacks that are due (oldest due first) until {@code nowMillis + leaseMillis}. */
    List<Pending> claim(long nowMillis, long leaseMillis, int limit);

    void complete(List<Done> done);

    /** How many callbacks of Notification {@code notificationSid} are waiting and how many failed for good. */
    long[] counts(String notificationSid);
}
