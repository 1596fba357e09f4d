package dev.herald.delivery;

import java.time.Duration;

/**
 * How the delivery engine works: deliveries claimed at once ({@code batch}), how long a claim or an expansion is
 * a node's ({@code lease}), attempts at most per delivery, the retry backoff, how long Notifications are kept
 * after they are done, Bindings read per expansion chunk, and the longest pause while idle.
 */
public record EngineSettings(int batch, Duration lease, int maxAttempts, Duration backoffBase, Duration backoffMax,
                             Duration retention, int expansionChunk, Duration idlePoll) {
    /** Deliveries claimed at once by default: PostgreSQL's claims are row leases, shared by the nodes. */
    public static final int BATCH = 1000;
    /**
     * The same on SQLite, where a claim is a mark in this process's memory: four times as many, so that the claims
     * (a reader) and the outcomes (the one writer) overlap instead of taking turns. A crash repeats at most this
     * many attempts.
     */
    public static final int SQLITE_BATCH = 4000;

    public static EngineSettings defaults() {
        return new EngineSettings(BATCH, Duration.ofSeconds(30), 10, Duration.ofSeconds(1), Duration.ofHours(1),
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
