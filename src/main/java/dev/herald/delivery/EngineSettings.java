package dev.herald.delivery;

import java.time.Duration;

/**
 * How the delivery engine works: deliveries claimed at once ({@code batch}), how long a claim or an expansion is
 * a node's ({@code lease}), attempts at most per delivery, the retry backoff, how long Notifications are kept
 * after they are done, Bindings read per expansion chunk, and the longest pause while idle.
 */
public record EngineSettings(int batch, Duration lease, int maxAttempts, Duration backoffBase, Duration backoffMax,
                             Duration retention, int expansionChunk, Duration idlePoll) {
    public static EngineSettings defaults() {
        return new EngineSettings(1000, Duration.ofSeconds(30), 10, Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofDays(7), 2000, Duration.ofMillis(500));
    }

    public EngineSettings withMaxAttempts(int attempts) {
        return new EngineSettings(batch, lease, attempts, backoffBase, backoffMax, retention, expansionChunk, idlePoll);
    }

    public EngineSettings withRetention(Duration keep) {
        return new EngineSettings(batch, lease, maxAttempts, backoffBase, backoffMax, keep, expansionChunk, idlePoll);
    }

    public EngineSettings withLease(Duration l) {
        return new EngineSettings(batch, l, maxAttempts, backoffBase, backoffMax, retention, expansionChunk, idlePoll);
    }

    public EngineSettings withExpansionChunk(int c) {
        return new EngineSettings(batch, lease, maxAttempts, backoffBase, backoffMax, retention, c, idlePoll);
    }

    public EngineSettings withBatch(int b) {
        return new EngineSettings(b, lease, maxAttempts, backoffBase, backoffMax, retention, expansionChunk, idlePoll);
    }
}
