package dev.herald.delivery.callbacks;

import java.time.Duration;

/**
 * How callbacks are sent: {@code allowPrivate} lets them reach private and local addresses; at most {@code
 * maxAttempts} attempts each, the n-th retry after {@code backoffBase} · 2^(n−1) (at most {@code backoffMax});
 * {@code maxInFlight} requests at once, over at most {@code connectionsPerOrigin} connections to one origin (the
 * rest wait for one), each timing out after {@code timeout} (the wait included); a node holds a callback it is
 * sending for {@code lease} (after a crash, another node or the next start sends it again).
 */
public record CallbackSettings(boolean allowPrivate, int maxAttempts, Duration backoffBase, Duration backoffMax,
                               int maxInFlight, int connectionsPerOrigin, Duration timeout, Duration lease) {
    public CallbackSettings {
        if (maxAttempts < 1 || maxInFlight < 1 || connectionsPerOrigin < 1) {
            throw new IllegalArgumentException("maxAttempts, maxInFlight and connectionsPerOrigin must be positive.");
        }
    }

    /** 8 attempts over about 4 minutes, 128 at once, 32 connections an origin, 10 s each, a 60 s lease. */
    public static CallbackSettings defaults(boolean allowPrivate) {
        return new CallbackSettings(allowPrivate, 8, Duration.ofSeconds(1), Duration.ofMinutes(2), 128, 32,
                Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    public CallbackSettings withBackoff(Duration base, int attempts) {
        return new CallbackSettings(allowPrivate, attempts, base, backoffMax, maxInFlight, connectionsPerOrigin,
                timeout, lease);
    }

    /** The pause before the attempt after {@code attempts} failed ones. */
    long delayMillis(int attempts) {
        long d = backoffBase.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Math.min(d, backoffMax.toMillis());
    }
}
