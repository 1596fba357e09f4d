package dev.herald.domain;

import java.util.Objects;

/** A place in the stable list order: {@code date_created} (epoch seconds), then SID. */
public record Position(long dateCreated, String sid) {
    public Position {
        Objects.requireNonNull(sid, "sid must not be null.");
    }
}
