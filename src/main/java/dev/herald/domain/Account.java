package dev.herald.domain;

import java.util.Objects;

/** A tenant of Herald: every Service and Credential belongs to exactly one Account. */
public record Account(String sid, String authTokenHash, long dateCreated) {
    public Account {
        Objects.requireNonNull(sid, "sid must not be null.");
        Objects.requireNonNull(authTokenHash, "authTokenHash must not be null.");
    }
}
