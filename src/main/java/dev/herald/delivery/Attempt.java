package dev.herald.delivery;

import dev.herald.domain.Notification;

/**
 * One attempt to deliver {@code notification} to {@code target}: the {@code number}th (from 1) of delivery
 * {@code deliveryId}, started at {@code nowMillis} (epoch milliseconds). Immutable.
 */
public record Attempt(long deliveryId, Notification notification, Target target, int number, long nowMillis) {
    /** Seconds left of the Notification's time to live at the start of this attempt, never negative. */
    public long remainingTtlSeconds() {
        return Math.max(0, notification.deadline() - Math.floorDiv(nowMillis, 1000));
    }
}
