package dev.herald.api.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatesTest {
    private static final String PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";

    @Test
    void formatIsSecondPrecisionUtcWithZ() {
        assertThat(Dates.format(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Dates.format(1438286400)).isEqualTo("2015-07-30T20:00:00Z");
        assertThat(Dates.format(1709164799)).isEqualTo("2024-02-28T23:59:59Z");
        assertThat(Dates.format(253402300799L)).isEqualTo("9999-12-31T23:59:59Z");
        long now = Instant.now().getEpochSecond();
        assertThat(Dates.format(now)).matches(PATTERN);
    }

    @Test
    void theArithmeticFormatAgreesWithJavaTimeOnEveryDayBoundaryAndRandomSeconds() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
        for (long day = 0; day < 2_932_897; day += 1) { // 1970-01-01 .. 9999-12-31, every day
            long second = day * 86_400;
            assertThat(Dates.iso(second)).isEqualTo(reference.format(Instant.ofEpochSecond(second)));
            if (day % 997 == 0) {
                assertThat(Dates.iso(second - 1 + 86_400)).isEqualTo(reference.format(Instant.ofEpochSecond(second - 1 + 86_400)));
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long second = (long) (random.nextDouble() * 253_402_300_800L);
            assertThat(Dates.iso(second)).isEqualTo(reference.format(Instant.ofEpochSecond(second)));
        }
        assertThat(Dates.format(-1)).isEqualTo("1969-12-31T23:59:59Z");
        assertThat(Dates.format(253402300800L)).isEqualTo("+10000-01-01T00:00:00Z");
    }

    @Test
    void startAndEndOfDayAreUtcAndInclusive() {
        assertThat(Dates.startOfDay("StartDate", "2015-07-30")).isEqualTo(1438214400L);
        assertThat(Dates.endOfDayExclusive("EndDate", "2015-07-30")).isEqualTo(1438214400L + 86400);
        assertThat(Dates.startOfDay("StartDate", "2024-02-29")).isEqualTo(1709164800L);
        assertThat(Dates.endOfDayExclusive("EndDate", "2024-02-28")).isEqualTo(1709164800L);
        assertThat(Dates.endOfDayExclusive("EndDate", "2024-12-31")).isEqualTo(
                Dates.startOfDay("StartDate", "2025-01-01"));
    }

    @Test
    void absentIsNull() {
        assertThat(Dates.startOfDay("StartDate", null)).isNull();
        assertThat(Dates.endOfDayExclusive("EndDate", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-01", "2024/01/01", "2024-1-1", "2023-02-29", "2024-02-30", "2024-00-10",
            "2024-01-00", "24-01-01", "2024-01-01T00:00:00Z", "", " 2024-01-01", "yesterday", "2024-01-01Z",
            "\u0662\u0660\u0662\u0664-01-01", "2024-\uff10\uff11-01", "2024-01-\u0966\u0967"})
    void badDaysNameTheParameter(String value) {
        assertThatThrownBy(() -> Dates.startOfDay("StartDate", value)).isInstanceOfSatisfying(
                TwilioException.class, e -> {
                    assertThat(e.error()).isEqualTo(TwilioError.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("StartDate");
                });
        assertThatThrownBy(() -> Dates.endOfDayExclusive("EndDate", value)).isInstanceOfSatisfying(
                TwilioException.class, e -> assertThat(e.getMessage()).contains("EndDate"));
    }
}
