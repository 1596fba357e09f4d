package dev.herald.api.twilio;

import dev.herald.domain.Sids;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parameters of an {@code application/x-www-form-urlencoded} body or a query string, as Twilio's clients send
 * them: repeated keys for arrays, {@code +} or {@code %20} for spaces, UTF-8. A scalar read of a repeated key
 * takes the first value. Immutable.
 */
public final class Form {
    public static final Form EMPTY = new Form(Map.of());
    private final Map<String, List<String>> values;

    private Form(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses {@code encoded}; malformed percent-escapes, invalid UTF-8 and the NUL character (which PostgreSQL
     * cannot store in text, so it is refused on every engine alike) fail with a 400.
     */
    public static Form parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> values = new HashMap<>();
        int start = 0;
        int length = encoded.length();
        while (start <= length) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = encoded.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = decode(encoded, start, end);
                    value = "";
                } else {
                    key = decode(encoded, start, eq);
                    value = decode(encoded, eq + 1, end);
                }
                if (key.indexOf('\0') >= 0) {
                    throw new TwilioException(TwilioError.INVALID_PARAMETER,
                            "The request parameters' names must not contain the NUL character (%00)");
                }
                if (value.indexOf('\0') >= 0) {
                    throw TwilioException.invalid(key, "must not contain the NUL character (%00)");
                }
                values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new Form(values);
    }

    private static String decode(String s, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        byte[] out = new byte[(to - from) * 3];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw malformed();
                }
                int hi = hex(s.charAt(i + 1));
                int lo = hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed();
                }
                out[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < to) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(bytes, 0, out, n, bytes.length);
                n += bytes.length;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new TwilioException(TwilioError.INVALID_PARAMETER, "The request parameters are not valid UTF-8");
        }
    }

    /** The value of an ASCII hex digit, or -1: {@link Character#digit} would also take other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    private static TwilioException malformed() {
        return new TwilioException(TwilioError.INVALID_PARAMETER, "The request parameters are not properly URL-encoded");
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    /** The first value of a SID parameter, its hex digits in lower case ({@link Sids#canonical}), or null. */
    public String sid(String name) {
        return Sids.canonical(first(name));
    }

    /** Every value of {@code name} in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The SHA-256 (hex) of the parameters, names in order with each one's values in the order given: the same for
     * the same parameters however their pairs were ordered or encoded in the body.
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : new TreeSet<>(values.keySet())) {
            for (String value : values.get(name)) {
                for (String part : new String[] {name, value}) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    sha.update(bytes);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A case-insensitive {@code true}/{@code false}, or null when absent; anything else fails with a 400. */
    public Boolean bool(String name) {
        String value = first(name);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw TwilioException.invalid(name, "must be true or false");
        };
    }
}
