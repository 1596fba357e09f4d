package dev.herald.domain;

/**
 * A request parameter is missing, malformed or breaks a rule. {@link #parameter} is its wire name and
 * {@link #detail} what is wrong with it (null when it is {@link #isMissing missing}); the API words the reply.
 */
public final class InvalidParameterException extends DomainException {
    private final String parameter;
    private final String detail;

    /** {@code detail} says what is wrong, e.g. "must be at most 64 characters". */
    public InvalidParameterException(String parameter, String detail) {
        super(parameter + ": " + detail);
        this.parameter = parameter;
        this.detail = detail;
    }

    private InvalidParameterException(String parameter) {
        super(parameter + ": missing");
        this.parameter = parameter;
        this.detail = null;
    }

    public static InvalidParameterException missing(String parameter) {
        return new InvalidParameterException(parameter);
    }

    public boolean isMissing() {
        return detail == null;
    }

    public String parameter() {
        return parameter;
    }

    /** What is wrong with the value; null when the parameter is missing. */
    public String detail() {
        return detail;
    }
}
