package dev.herald.domain;

/** The addressed resource does not exist in the caller's account (or exists in another one). */
public final class NotFoundException extends DomainException {
    public NotFoundException(String what) {
        super(what + " was not found");
    }
}
