package dev.herald.delivery;

import dev.herald.domain.BindingFilter;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Expansion;
import dev.herald.domain.Notification;
import dev.herald.domain.Position;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns leased expanding Notifications into queued deliveries, one chunk of Bindings a transaction, in the
 * Bindings' list order (keyset: never all targets in memory; the store copies them, they never pass through here).
 * A chunk is queued and the cursor moved in one transaction, so a crash repeats at most the chunk under way, and a
 * chunk another node queued is not queued again. Only Bindings created no later than the Notification (same second included) are targets.
 */
final class Expander {
    /** Chunks of one Notification expanded before the next Notification's turn. */
    static final int CHUNKS_A_TURN = 4;
    /** Notifications one expander leases at once when it is the only one. */
    static final int LEASES_ALONE = 4;
    private static final BindingFilter NOTHING = new BindingFilter(List.of(), List.of(), null, true, null, null);
    private final DeliveryQueue queue;
    private final Clock clock;
    private final EngineSettings settings;
    private final int leases;
    private final Deference deference;
    private boolean large; // confined to the thread that calls runOnce

    /**
     * {@code leases}: Notifications leased at once, each expanded a turn in order (one where several expanders
     * share the work, so that each takes a Notification of its own).
     */
    Expander(DeliveryQueue queue, Clock clock, EngineSettings settings, int leases) {
        this(queue, clock, settings, leases, new Deference());
    }

    /** As the other, each chunk first waiting for a crowd of requests to pass ({@link Deference}). */
    Expander(DeliveryQueue queue, Clock clock, EngineSettings settings, int leases, Deference deference) {
        this.queue = queue;
        this.clock = clock;
        this.settings = settings;
        this.leases = leases;
        this.deference = deference;
    }

    /**
     * Whether the last {@link #runOnce} expanded a chunk with more after it: a large fan-out is under way. Call it from
     * the thread that calls runOnce.
     */
    boolean large() {
        return large;
    }

    /** Expands what it can lease now, a few chunks each; answers whether there was anything to expand. */
    boolean runOnce(BooleanSupplier running) {
        large = false;
        long now = clock.millis();
        List<Expansion> leased = queue.leaseExpansions(now, settings.lease().toMillis(), leases);
        for (Expansion e : leased) {
            if (!running.getAsBoolean()) {
                break;
            }
            expand(e, running);
        }
        return !leased.isEmpty();
    }

    /**
     * Up to {@value #CHUNKS_A_TURN} chunks of one Notification, then hands its lease back (behind the other
     * expansions waiting), so that a huge send does not hold back the fan-out of the sends after it.
     */
    private void expand(Expansion e, BooleanSupplier running) {
        Notification n = e.notification();
        Position cursor = e.cursor();
        BindingFilter filter = n.identities().isEmpty() && n.tags().isEmpty()
                ? NOTHING // only retired Segments: nothing matches
                : BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);
        for (int turn = 1; turn <= CHUNKS_A_TURN && running.getAsBoolean(); turn++) {
            deference.await(running);
            long now = clock.millis();
            long lease = turn == CHUNKS_A_TURN ? now : now + settings.lease().toMillis();
            DeliveryQueue.Chunk chunk = queue.expand(n, filter, cursor, settings.expansionChunk(), now, lease);
            if (chunk.moved() || chunk.done()) {
                return;
            }
            cursor = chunk.next();
            large = true;
        }
    }
}
