package dev.herald.domain;

import java.util.Objects;

/**
 * An API key of an account: its SID ({@code SK…}) and secret authenticate as the account. Only the secret's
 * SHA-256 hash (hex) is kept; the secret itself is shown once, when the key is created.
 */
public record ApiKey(String sid, String accountSid, String friendlyName, String secretHash, long dateCreated,
                     long dateUpdated) {
    public ApiKey {
        Objects.requireNonNull(sid, "sid must not be null.");
        Objects.requireNonNull(accountSid, "accountSid must not be null.");
        Objects.requireNonNull(secretHash, "secretHash must not be null.");
    }
}
