package dev.herald.api.twilio;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Twilio's date formats: {@code 2015-07-30T20:00:00Z} in Notify v1 responses, {@code 2015-07-30} in list filters,
 * and RFC 2822 ({@code Thu, 30 Jul 2015 20:00:00 +0000}) in the 2010-04-01 API's.
 */
public final class Dates {
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private Dates() {
    }

    /** The 2010-04-01 API's dates: {@code Mon, 22 Aug 2011 20:58:45 +0000}. */
    public static String rfc2822(long epochSeconds) {
        return RFC_2822.format(Instant.ofEpochSecond(epochSeconds));
    }

    public static String format(long epochSeconds) {
        Formatted last = recent[(int) (epochSeconds & (RECENT - 1))];
        if (last != null && last.epochSeconds == epochSeconds) {
            return last.text;
        }
        String text = epochSeconds >= 0 && epochSeconds < YEAR_10000 ? iso(epochSeconds)
                : DATE_TIME.format(Instant.ofEpochSecond(epochSeconds));
        recent[(int) (epochSeconds & (RECENT - 1))] = new Formatted(epochSeconds, text);
        return text;
    }

    /** 10000-01-01T00:00:00Z: below it, every date has a four-digit year. */
    private static final long YEAR_10000 = 253_402_300_800L;

    /**
     * {@code uuuu-MM-dd'T'HH:mm:ss'Z'} by arithmetic (days to a civil date as in {@link LocalDate#ofEpochDay}),
     * for 1970 to 9999: a page of Bindings formats two dates a row, mostly not yet in {@link #recent}.
     */
    static String iso(long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400);
        long zeroDay = days + 719_528 - 60; // days since 0000-03-01
        long era = Math.floorDiv(zeroDay, 146_097);
        long dayOfEra = zeroDay - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        byte[] b = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        digits(b, 0, year, 4);
        digits(b, 5, month, 2);
        digits(b, 8, day, 2);
        digits(b, 11, secondOfDay / 3600, 2);
        digits(b, 14, secondOfDay / 60 % 60, 2);
        digits(b, 17, secondOfDay % 60, 2);
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
