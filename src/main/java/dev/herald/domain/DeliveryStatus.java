package dev.herald.domain;

import java.util.Optional;

/** Where one delivery stands; every status but {@code queued} is final. {@link #wire()} is the API's name. */
public enum DeliveryStatus {
    QUEUED("queued"), DELIVERED("delivered"), REJECTED("rejected"), EXPIRED("expired");

    private final String wire;

    DeliveryStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<DeliveryStatus> fromWire(String value) {
        for (DeliveryStatus s : values()) {
            if (s.wire.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
