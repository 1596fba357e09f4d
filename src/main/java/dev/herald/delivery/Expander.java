package dev.herald.delivery;

import dev.herald.domain.Binding;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.BindingStore;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Expansion;
import dev.herald.domain.Notification;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.Slice;
import java.time.Clock;
import java.util.List;

/**
 * Turns leased expanding Notifications into queued deliveries, one chunk of Bindings a transaction, in the
 * Bindings' list order (keyset: never all targets in memory). A chunk is queued and the cursor moved in one
 * transaction, so a crash repeats at most the chunk under way, and a chunk another node queued is not queued
 * again. Only Bindings created no later than the Notification (same second included) are targets.
 */
final class Expander {
    private final DeliveryQueue queue;
    private final BindingStore bindings;
    private final Clock clock;
    private final EngineSettings settings;

    Expander(DeliveryQueue queue, BindingStore bindings, Clock clock, EngineSettings settings) {
        this.queue = queue;
        this.bindings = bindings;
        this.clock = clock;
        this.settings = settings;
    }

    /** Expands what it can lease now; answers whether there was anything to expand. */
    boolean runOnce(java.util.function.BooleanSupplier running) {
        long now = clock.millis();
        List<Expansion> leased = queue.leaseExpansions(now, settings.lease().toMillis(), 4);
        for (Expansion e : leased) {
            if (!running.getAsBoolean()) {
                break;
            }
            expand(e, now + settings.lease().toMillis() / 2, running);
        }
        return !leased.isEmpty();
    }

    private void expand(Expansion e, long stopAtMillis, java.util.function.BooleanSupplier running) {
        Notification n = e.notification();
        Position cursor = e.cursor();
        if (n.identities().isEmpty() && n.tags().isEmpty()) { // only retired Segments: nothing matches
            queue.expand(n.sid(), cursor, cursor, List.of(), true, clock.millis());
            return;
        }
        BindingFilter filter = BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);
        while (running.getAsBoolean() && clock.millis() < stopAtMillis) {
            Slice<Binding> chunk = bindings.list(n.accountSid(), n.serviceSid(), filter,
                    new PageRequest(settings.expansionChunk(), cursor, null));
            List<Binding> items = chunk.items();
            Position next = items.isEmpty() ? cursor
                    : new Position(items.get(items.size() - 1).dateCreated(), items.get(items.size() - 1).sid());
            if (!queue.expand(n.sid(), cursor, next, items, !chunk.more(), clock.millis()) || !chunk.more()) {
                return;
            }
            cursor = next;
        }
    }
}
