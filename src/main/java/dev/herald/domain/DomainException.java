package dev.herald.domain;

/** A use case refused a request; the API renders each subclass as one Twilio error. */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
