package dev.herald.domain;

import java.util.Objects;

/**
 * A push Credential. {@link #secrets} holds the plaintext secret material; the store encrypts it at rest and
 * the API never renders it.
 */
public record Credential(
        String sid,
        String accountSid,
        String friendlyName,
        CredentialType type,
        CredentialSecrets secrets,
        long dateCreated,
        long dateUpdated) {

    public Credential {
        Objects.requireNonNull(type, "type must not be null.");
        Objects.requireNonNull(secrets, "secrets must not be null.");
    }

    /**
     * Which version of the Credential this is: it changes when its secrets change or it is updated, so that what a
     * channel built from the secrets (a connection, an access token, a request) is rebuilt for the new ones.
     */
    public long version() {
        return 31L * dateUpdated + secrets.hashCode();
    }
}
