package dev.herald.domain;

/**
 * A use case refused a request. The subclasses are the whole family, and each carries what an API needs to
 * render it as data (the parameter, the resource), not only as text.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidParameterException, NotFoundException, ConflictException {
    DomainException(String message) {
        super(message, null, false, false);
    }
}
