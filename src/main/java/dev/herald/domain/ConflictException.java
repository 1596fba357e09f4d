package dev.herald.domain;

/** The request is well-formed but conflicts with the current state (e.g. deleting a Credential in use). */
public final class ConflictException extends DomainException {
    public ConflictException(String message) {
        super(message);
    }
}
