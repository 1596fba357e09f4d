package dev.herald.domain;

/** Parameter checks shared by the use cases; each failure names the wire parameter. */
final class Validate {
    private Validate() {
    }

    static String maxLength(String parameter, String value, int max) {
        if (value != null && value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw new InvalidParameterException(parameter, "must be at most " + max + " characters");
        }
        return value;
    }

    static String required(String parameter, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw InvalidParameterException.missing(parameter);
        }
        return maxLength(parameter, value, max);
    }

    /** Null stays null (not given), empty becomes "" (clear), otherwise the SID must be well-formed. */
    static String sidOrEmpty(String parameter, String prefix, String value) {
        if (value == null || value.isEmpty() || Sids.isValid(prefix, value)) {
            return value;
        }
        throw new InvalidParameterException(parameter, "must be a " + prefix + " SID (" + prefix + " and 32 hex digits)");
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
