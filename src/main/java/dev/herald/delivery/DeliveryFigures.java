package dev.herald.delivery;

import dev.herald.domain.BindingType;
import dev.herald.domain.DeliveryStatus;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What this node's {@link DeliveryEngine} has done since it started, for metrics: the attempts' results it recorded by
 * Binding type and status ({@link DeliveryStatus#QUEUED}: failed, to be tried again), the attempts in flight now, and
 * how long its steps waited for crowds of API requests ({@link Deference}).
 * Thread-safe.
 */
public final class DeliveryFigures {
    private static final int STATUSES = DeliveryStatus.values().length;
    private final AtomicLongArray recorded = new AtomicLongArray(BindingType.values().length * STATUSES);
    private final IntSupplier inFlight;
    private final LongSupplier deferredNanos;

    DeliveryFigures(IntSupplier inFlight, LongSupplier deferredNanos) {
        this.inFlight = inFlight;
        this.deferredNanos = deferredNanos;
    }

    void record(BindingType type, DeliveryStatus status) {
        recorded.incrementAndGet(type.ordinal() * STATUSES + status.ordinal());
    }

    /** How many results of deliveries of {@code type} with {@code status} this node has recorded. */
    public long recorded(BindingType type, DeliveryStatus status) {
        return recorded.get(type.ordinal() * STATUSES + status.ordinal());
    }

    /** The deliveries claimed by this node whose outcome is not recorded yet. */
    public int inFlight() {
        return inFlight.getAsInt();
    }

    /** The seconds the engine's steps have waited, in all, for crowds of API requests to pass. */
    public double deferredSeconds() {
        return deferredNanos.getAsLong() / 1e9;
    }
}
