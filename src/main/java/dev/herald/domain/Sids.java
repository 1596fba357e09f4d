package dev.herald.domain;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits. Thread-safe. */
public final class Sids {
    public static final String ACCOUNT = "AC";
    public static final String SERVICE = "IS";
    public static final String CREDENTIAL = "CR";
    public static final String BINDING = "BS";
    public static final String MESSAGING_SERVICE = "MG";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

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
        return value != null && value.length() == 34 && value.startsWith(prefix)
                && HEX32.matcher(value).region(2, 34).matches();
    }
}
