package dev.herald.domain;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits. Thread-safe. */
public final class Sids {
    public static final String ACCOUNT = "AC";
    public static final String SERVICE = "IS";
    public static final String CREDENTIAL = "CR";
    public static final String BINDING = "BS";
    public static final String NOTIFICATION = "NT";
    public static final String MESSAGING_SERVICE = "MG";
    public static final String API_KEY = "SK";

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

    /**
     * {@code value} as Herald writes SIDs when it is a SID of any prefix with hex digits of either case (the spec
     * lets requests use either; the stores hold and compare lowercase): its hex digits in lower case. Anything
     * else, null included, is returned unchanged, prefix case too, so that it stays as malformed as it was.
     */
    public static String canonical(String value) {
        if (value == null || value.length() != 34) {
            return value;
        }
        boolean upper = false;
        for (int i = 2; i < 34; i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'F') {
                upper = true;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return value;
            }
        }
        return upper ? value.substring(0, 2) + value.substring(2).toLowerCase(Locale.ROOT) : value;
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
