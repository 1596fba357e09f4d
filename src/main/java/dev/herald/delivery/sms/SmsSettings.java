package dev.herald.delivery.sms;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the SMS channel sends: {@code url} is the base that {@code
 * /2010-04-01/Accounts/<accountSid>/Messages.json} is appended to; {@code accountSid} and {@code authToken} the
 * account the messages are sent as (HTTP Basic), both null when none is set up (every sms delivery is then rejected);
 * {@code maxInFlight} requests outstanding in the whole channel; {@code requestTimeout} for each request, after which
 * the attempt fails (and is retried); {@code connections} the keep-alive connections they share (one request on each
 * at a time, the others queued). {@code toString} leaves out the token.
 */
public record SmsSettings(URI url, String accountSid, String authToken, int maxInFlight, Duration requestTimeout,
        int connections) {
    /**
     * The default of {@link #connections}: as many as the requests in flight, since without pipelining a connection
     * carries one request a round trip (8 would cap a 200 ms API at 40 messages/s); on loopback 64 did as well as
     * 8 to 32 (BENCHMARKS.md §10).
     */
    public static final int CONNECTIONS = 64;

    public SmsSettings {
        Objects.requireNonNull(url, "url must not be null.");
        if ((accountSid == null) != (authToken == null)) {
            throw new IllegalArgumentException("accountSid and authToken must be given together.");
        }
        if (maxInFlight < 1 || connections < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("maxInFlight, connections and requestTimeout must be positive.");
        }
    }

    /**
     * {@code url} as {@code accountSid} / {@code authToken} (both null: none), 64 requests in flight, 30 s each, over
     * {@link #CONNECTIONS} connections.
     */
    public static SmsSettings of(URI url, String accountSid, String authToken) {
        return new SmsSettings(url, accountSid, authToken, 64, Duration.ofSeconds(30), CONNECTIONS);
    }

    public SmsSettings withMaxInFlight(int max) {
        return new SmsSettings(url, accountSid, authToken, max, requestTimeout, connections);
    }

    public SmsSettings withRequestTimeout(Duration timeout) {
        return new SmsSettings(url, accountSid, authToken, maxInFlight, timeout, connections);
    }

    public SmsSettings withConnections(int count) {
        return new SmsSettings(url, accountSid, authToken, maxInFlight, requestTimeout, count);
    }

    @Override
    public String toString() {
        return "SmsSettings[url=" + url + ", accountSid=" + accountSid + ", maxInFlight=" + maxInFlight
                + ", requestTimeout=" + requestTimeout + ", connections=" + connections + "]";
    }
}
