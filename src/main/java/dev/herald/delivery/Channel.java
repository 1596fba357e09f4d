package dev.herald.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Delivers attempts to one provider (APNs, FCM, an SMS gateway, or the sandbox). Implementations are
 * thread-safe and asynchronous: {@link #send} returns at once, and many attempts may be in flight on one
 * connection (HTTP/2). The engine never has more than {@link #maxInFlight} attempts of a channel outstanding
 * (its back-pressure). The future completes with an {@link Outcome}, never exceptionally: a channel turns its
 * own failures into {@link Outcome.Failed} (transient) or {@link Outcome.Rejected} (permanent).
 */
public interface Channel extends AutoCloseable {
    CompletableFuture<Outcome> send(Attempt attempt);

    /** Most attempts outstanding at once. */
    int maxInFlight();

    /** Releases connections; attempts still in flight may complete as failed. */
    @Override
    default void close() {
    }
}
