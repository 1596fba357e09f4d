package dev.herald.domain;

import java.util.Objects;

/**
 * What makes a Notification create idempotent: the client's {@code token} (Twilio's {@code
 * I-Twilio-Idempotency-Token} header) and the {@code fingerprint} of the request it came with. A create that
 * repeats a token in the same Service within {@link #LIFETIME_SECONDS} answers the Notification the token first
 * created when the fingerprints match, and a conflict when they differ; either way it sends nothing.
 */
public record IdempotencyKey(String token, String fingerprint) {
    /** How long a token is remembered: a day, as Twilio documents for its idempotency tokens. */
    public static final long LIFETIME_SECONDS = 24 * 60 * 60;
    /** The longest token taken. */
    public static final int MAX_TOKEN = 256;
    static final String HEADER = "I-Twilio-Idempotency-Token";

    public IdempotencyKey {
        Objects.requireNonNull(token, "token must not be null.");
        Objects.requireNonNull(fingerprint, "fingerprint must not be null.");
    }

    /**
     * The key of a request with header value {@code token} (null or empty: none, so null) and {@code fingerprint};
     * a token over {@link #MAX_TOKEN} characters or with characters outside printable ASCII is refused.
     */
    public static IdempotencyKey of(String token, String fingerprint) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.length() > MAX_TOKEN || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidParameterException(HEADER, "must be 1 to " + MAX_TOKEN
                    + " printable ASCII characters without spaces");
        }
        return new IdempotencyKey(token, fingerprint);
    }
}
