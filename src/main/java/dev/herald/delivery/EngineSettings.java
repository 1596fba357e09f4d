package dev.herald.delivery;

import java.time.Duration;

/**
 * How the delivery engine works: deliveries claimed at once ({@code batch}), how long a claim or an expansion is
 * a node's ({@code lease}), attempts at most per delivery, the retry backoff, how long Notifications are kept
 * after they are done, Bindings read per expansion chunk, and the longest pause while idle.
 */
public record EngineSettings(int batch, Duration lease, int maxAttempts, Duration backoffBase, Duration backoffMax,
                             Duration retention, int expansionChunk, Duration idlePoll) {
    /** Deliveries under way at once by default (attempts, and outcomes not yet durable): a crash repeats as many. */
    public static final int BATCH = 1000;
    /**
     * The same on PostgreSQL, where claims hold their rows until their outcomes are committed ({@code
     * DeliveryQueue.holdsClaims}): a claim takes half of it, so that one claim's attempts run while another's
     * outcomes are written, each claim's round (claim, attempts, outcomes, commit) taking tens of milliseconds.
     * As many as SQLite's (BENCHMARKS.md §15: 1,000 gave 15,400 deliveries/s, 2,000 19,200–19,700, 4,000
     * 21,400–21,900).
     */
    public static final int POSTGRES_BATCH = 4000;
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
