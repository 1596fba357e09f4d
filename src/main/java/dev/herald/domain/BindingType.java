package dev.herald.domain;

import java.util.Locale;
import java.util.Optional;

/** The channels a Binding can address; {@link #wire()} is the lowercase Notify name. */
public enum BindingType {
    APN("apn"), GCM("gcm"), SMS("sms"), FCM("fcm"), FACEBOOK_MESSENGER("facebook-messenger"), ALEXA("alexa");

    private final String wire;

    BindingType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses the Notify name, case-insensitively. */
    public static Optional<BindingType> fromWire(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (BindingType t : values()) {
            if (t.wire.equals(lower)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Whether a Credential of {@code type} may serve Bindings of this type. */
    public boolean acceptsCredential(CredentialType type) {
        return switch (this) {
            case APN -> type == CredentialType.APN;
            case GCM, FCM -> type == CredentialType.FCM || type == CredentialType.GCM;
            case FACEBOOK_MESSENGER -> type == CredentialType.FACEBOOK_MESSENGER;
            default -> false;
        };
    }

    /** Whether Bindings of this type use a push Credential at all (apn, fcm, gcm). */
    public boolean usesCredential() {
        return this == APN || this == GCM || this == FCM || this == FACEBOOK_MESSENGER;
    }
}
