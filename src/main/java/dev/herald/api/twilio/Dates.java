package dev.herald.api.twilio;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Twilio's date formats: {@code 2015-07-30T20:00:00Z} in responses, {@code 2015-07-30} in list filters. */
public final class Dates {
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private Dates() {
    }

    public static String format(long epochSeconds) {
        Formatted last = recent[(int) (epochSeconds & (RECENT - 1))];
        if (last != null && last.epochSeconds == epochSeconds) {
            return last.text;
        }
        String text = DATE_TIME.format(Instant.ofEpochSecond(epochSeconds));
        recent[(int) (epochSeconds & (RECENT - 1))] = new Formatted(epochSeconds, text);
        return text;
    }

    /** A formatted second; rows of a page mostly share a few, so recent ones are kept (a benign race). */
    private record Formatted(long epochSeconds, String text) {
    }

    private static final int RECENT = 1024;
    private static final Formatted[] recent = new Formatted[RECENT];

    /** The first second (UTC) of the day named by a {@code YYYY-MM-DD} parameter, or null when absent. */
    public static Long startOfDay(String parameter, String value) {
        return value == null ? null : day(parameter, value).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** The first second (UTC) after the day named by a {@code YYYY-MM-DD} parameter, or null when absent. */
    public static Long endOfDayExclusive(String parameter, String value) {
        return value == null ? null : day(parameter, value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    private static LocalDate day(String parameter, String value) {
        try {
            return LocalDate.parse(value, DAY);
        } catch (DateTimeParseException e) {
            throw TwilioException.invalid(parameter, "must be a date in YYYY-MM-DD format");
        }
    }
}
