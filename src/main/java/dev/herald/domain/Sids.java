package dev.herald.domain;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits. Thread-safe. */
public final class Sids {
    public static final String ACCOUNT = "AC";
    public static final String SERVICE = "IS";
    public static final String CREDENTIAL = "CR";
    public static final String BINDING = "BS";
    public static final String MESSAGING_SERVICE = "MG";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Sids() {
    }

    /** A new random SID with the given prefix. */
    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HEX.formatHex(bytes);
    }

    /** Whether {@code value} is a well-formed SID of that prefix (hex digits of either case, as the spec allows). */
    public static boolean isValid(String prefix, String value) {
        return matches(prefix, value, true);
    }

    /** Whether {@code value} is a SID of that prefix as Herald writes them: lowercase hex digits only. */
    public static boolean isCanonical(String prefix, String value) {
        return matches(prefix, value, false);
    }

    private static boolean matches(String prefix, String value, boolean upperCaseHex) {
        if (value == null || value.length() != 34 || !value.startsWith(prefix)) {
            return false;
        }
        for (int i = 2; i < 34; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || upperCaseHex && c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
