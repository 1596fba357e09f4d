package dev.herald.delivery;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A provider's {@code Retry-After} header, for the {@link Outcome.Failed} of an HTTP channel. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** {@code value} as delay-seconds or an HTTP date, in milliseconds from {@code nowMillis}; else null. */
    public static Long millis(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Long.parseLong(v) * 1000;
        }
        try {
            return Math.max(0, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                    - nowMillis);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
