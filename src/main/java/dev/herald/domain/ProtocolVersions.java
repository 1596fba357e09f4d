package dev.herald.domain;

import java.util.regex.Pattern;

/** Notification protocol versions are short decimal numbers ("3" is the current one). */
final class ProtocolVersions {
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}");

    private ProtocolVersions() {
    }

    static String check(String parameter, String value) {
        if (value != null && !value.isEmpty() && !VERSION.matcher(value).matches()) {
            throw new InvalidParameterException(parameter, "must be a protocol version number such as 3");
        }
        return value;
    }
}
