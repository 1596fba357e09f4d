package dev.herald.api.twilio;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * The one JSON writer of the wire format (snake_case names, nulls written out), and the reader of JSON-valued
 * request parameters. Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /**
     * Objects as insertion-ordered maps, fractions as {@code BigDecimal} (written back as they were given: {@code 1.50}
     * stays {@code 1.50}), one value per text (trailing content fails), duplicate keys refused.
     */
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be serialised.", e);
        }
    }

    /** Thrown by {@link #read}; its message never repeats any of the text. */
    public static final class MalformedJsonException extends Exception {
        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses one JSON value into plain Java values: {@code Map<String, Object>} (keys in their order), {@code List},
     * {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code BigDecimal}, {@code Boolean}, and null
     * for the literal {@code null}. Fails on malformed text, on trailing content, on duplicate keys and on the NUL
     * character in a string or key (refused in every parameter, as PostgreSQL cannot store it in text).
     */
    public static Object read(String text) throws MalformedJsonException {
        Object value;
        try {
            value = READER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("is not valid JSON");
        }
        if (value == null && text.isBlank()) {
            throw new MalformedJsonException("is not valid JSON");
        }
        if (hasNul(value)) {
            throw new MalformedJsonException("must not contain the NUL character (\\u0000)");
        }
        return value;
    }

    private static boolean hasNul(Object value) {
        if (value instanceof String s) {
            return s.indexOf('\0') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (hasNul(e.getKey()) || hasNul(e.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@link #read}, or null when {@code text} is null or not valid JSON (stored text Herald wrote itself). */
    public static Object readOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return read(text);
        } catch (MalformedJsonException e) {
            return null;
        }
    }
}
