package dev.herald.domain;

/** A stored Notification and how its delivery stands. */
public record SentNotification(Notification notification, DeliveryCounts counts) {
}
