package dev.herald.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: {@code base · 2^(attempt-1)}, at most {@code max}, less a random part of up
 * to a fifth (jitter, so that deliveries failed together do not come back together), and never before the
 * provider's retry-after.
 */
record Backoff(long baseMillis, long maxMillis) {
    long delayMillis(int attempt, Long retryAfterMillis) {
        long exponential = baseMillis << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(Math.max(exponential, baseMillis), maxMillis);
        long jittered = capped - ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return retryAfterMillis == null ? jittered : Math.max(jittered, retryAfterMillis);
    }
}
