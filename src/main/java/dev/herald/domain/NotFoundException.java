package dev.herald.domain;

/** The addressed resource does not exist in the caller's account (or exists in another one). */
public final class NotFoundException extends DomainException {
    private final String resource;

    /** {@code resource} names it, e.g. {@code "Service IS…"}. */
    public NotFoundException(String resource) {
        super(resource + " was not found");
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }
}
