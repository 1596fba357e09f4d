package dev.herald.domain;

import java.util.Optional;

/** A Notification's priority; {@link #wire()} is Notify's name. High work is claimed before low. */
public enum Priority {
    HIGH("high"), LOW("low");

    private final String wire;

    Priority(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses Notify's name, exactly ({@code high} or {@code low}). */
    public static Optional<Priority> fromWire(String value) {
        for (Priority p : values()) {
            if (p.wire.equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
