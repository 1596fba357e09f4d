package dev.herald.delivery.fcm;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the FCM channel sends: {@code url} is the scheme, host and port (and any path prefix) that
 * {@code /v1/projects/<project>/messages:send} is appended to; {@code trusted} replaces the JDK's trusted
 * certificates when not empty; {@code maxInFlight} requests outstanding in the whole channel, at most the HTTP/2
 * streams the server allows on one connection (JDK 17's client fails the requests beyond them); {@code
 * requestTimeout} for each request, after which the attempt fails (and is retried).
 */
public record FcmSettings(URI url, List<X509Certificate> trusted, int maxInFlight, Duration requestTimeout) {
    /** FCM's front ends allow 100 concurrent streams per connection. */
    public static final int GOOGLE_STREAMS = 100;

    public FcmSettings {
        Objects.requireNonNull(url, "url must not be null.");
        trusted = List.copyOf(trusted);
        if (maxInFlight < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("maxInFlight and requestTimeout must be positive.");
        }
    }

    /** Google's endpoint, the JDK's trust, 100 requests in flight, 30 s each. */
    public static FcmSettings google() {
        return new FcmSettings(URI.create("https://fcm.googleapis.com"), List.of(), GOOGLE_STREAMS,
                Duration.ofSeconds(30));
    }

    public FcmSettings withEndpoint(URI endpoint, List<X509Certificate> trust) {
        return new FcmSettings(endpoint, trust, maxInFlight, requestTimeout);
    }

    public FcmSettings withMaxInFlight(int max) {
        return new FcmSettings(url, trusted, max, requestTimeout);
    }

    public FcmSettings withRequestTimeout(Duration timeout) {
        return new FcmSettings(url, trusted, maxInFlight, timeout);
    }
}
