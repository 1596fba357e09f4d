package dev.herald.domain;

/** A request parameter is missing, malformed or breaks a rule; the message names the parameter. */
public final class InvalidParameterException extends DomainException {
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
