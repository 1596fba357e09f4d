package dev.herald.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The push services a Credential can hold secrets for; {@code facebook-messenger} (a page access token as its {@code
 * Secret}) is Herald's extension.
 */
public enum CredentialType {
    GCM("gcm"), APN("apn"), FCM("fcm"), FACEBOOK_MESSENGER("facebook-messenger");

    private final String wire;

    CredentialType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<CredentialType> fromWire(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (CredentialType t : values()) {
            if (t.wire.equals(lower)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
