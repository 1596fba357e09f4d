package dev.herald.delivery.messenger;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the Messenger channel sends: {@code url} is the Graph API base that the Send API path ({@code
 * /v2.0/me/messages}) is appended to; {@code maxInFlight} requests outstanding in the whole channel; {@code
 * requestTimeout} for each request, after which the attempt fails (and is retried).
 */
public record MessengerSettings(URI url, int maxInFlight, Duration requestTimeout) {
    public MessengerSettings {
        Objects.requireNonNull(url, "url must not be null.");
        if (maxInFlight < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("maxInFlight and requestTimeout must be positive.");
        }
    }

    /** {@code url}, 64 requests in flight, 30 s each. */
    public static MessengerSettings of(URI url) {
        return new MessengerSettings(url, 64, Duration.ofSeconds(30));
    }

    public MessengerSettings withRequestTimeout(Duration timeout) {
        return new MessengerSettings(url, maxInFlight, timeout);
    }
}
