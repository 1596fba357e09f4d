package dev.herald.delivery.fcm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.Outcome;
import dev.herald.delivery.RetryAfter;
import dev.herald.testing.FakeFcm;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FCM HTTP v1 answers mapped onto Notify's 521xx codes, without a server. */
class FcmOutcomesTest {
    private static final String TOKEN = "the-registration-token";
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    private static Outcome of(FakeFcm.Error e) {
        return FcmOutcomes.of(e.status(), e.body(), e.retryAfter(), TOKEN, NOW);
    }

    @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
    @CsvSource({
            "404, NOT_FOUND, UNREGISTERED, rejected, 52103, true",
            "400, INVALID_ARGUMENT, INVALID_ARGUMENT, rejected, 52111, false",
            "403, PERMISSION_DENIED, SENDER_ID_MISMATCH, rejected, 52104, false",
            "401, UNAUTHENTICATED, THIRD_PARTY_AUTH_ERROR, rejected, 52109, false",
            "401, UNAUTHENTICATED, , rejected, 52101, false",
            "403, PERMISSION_DENIED, , rejected, 52101, false",
            "429, RESOURCE_EXHAUSTED, QUOTA_EXCEEDED, failed, 52108, false",
            "503, UNAVAILABLE, UNAVAILABLE, failed, 52110, false",
            "502, , , failed, 52110, false",
            "500, INTERNAL, INTERNAL, failed, 52111, false",
            "409, ABORTED, , rejected, 52111, false"})
    void eachAnswerHasItsOutcome(int status, String fcmStatus, String errorCode, String kind, int code, boolean dead) {
        Outcome outcome = of(FakeFcm.error(status, fcmStatus == null ? "" : fcmStatus, errorCode,
                "Something about the request.", null));

        if (kind.equals("failed")) {
            assertThat(outcome).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) outcome).errorCode()).isEqualTo(code);
        } else {
            assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
            assertThat(((Outcome.Rejected) outcome).errorCode()).isEqualTo(code);
            assertThat(((Outcome.Rejected) outcome).deadAddress()).isEqualTo(dead);
        }
    }

    @Test
    void theInvalidTokenAnswerIsADeadAddressAndOtherInvalidArgumentsAreNot() {
        Outcome.Rejected invalid = (Outcome.Rejected) of(FakeFcm.invalidToken());
        Outcome.Rejected tooBig = (Outcome.Rejected) of(FakeFcm.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT",
                "Android message is too big", null));

        assertThat(invalid.errorCode()).isEqualTo(52102);
        assertThat(invalid.deadAddress()).isTrue();
        assertThat(tooBig.errorCode()).isEqualTo(52106);
        assertThat(tooBig.deadAddress()).isFalse();
    }

    @Test
    void aNotFoundThatIsNotFcmsDoesNotKillTheToken() {
        Outcome.Rejected r = (Outcome.Rejected) FcmOutcomes.of(404, "<html>Not Found</html>", null, TOKEN, NOW);

        assertThat(r.errorCode()).isEqualTo(52111);
        assertThat(r.deadAddress()).isFalse();
        assertThat(r.errorMessage()).contains("--fcm-url");
    }

    @Test
    void successKeepsTheMessageName() {
        Outcome.Delivered d = (Outcome.Delivered) FcmOutcomes.of(200, "{\"name\":\"projects/p/messages/0:1\"}", null,
                TOKEN, NOW);

        assertThat(d.providerMessageId()).isEqualTo("projects/p/messages/0:1");
        assertThat(d.request()).isNull();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(NOW + 90_000)
                .atOffset(ZoneOffset.UTC));

        assertThat(RetryAfter.millis("30", NOW)).isEqualTo(30_000L);
        assertThat(RetryAfter.millis(date, NOW)).isEqualTo(90_000L);
        assertThat(RetryAfter.millis("Thu, 01 Jan 1970 00:00:00 GMT", NOW)).isZero();
        assertThat(RetryAfter.millis("soon", NOW)).isNull();
        assertThat(RetryAfter.millis(null, NOW)).isNull();
        Outcome.Failed f = (Outcome.Failed) of(FakeFcm.quotaExceeded(date));
        assertThat(f.retryAfterMillis()).isEqualTo(90_000L);
    }

    @Test
    void googlesMessageAppearsWithoutTheToken() {
        Outcome.Rejected r = (Outcome.Rejected) of(FakeFcm.error(400, "INVALID_ARGUMENT", null,
                "Invalid value at 'message.token' (" + TOKEN + ")", null));

        assertThat(r.errorMessage()).doesNotContain(TOKEN);
    }

    @Test
    void noAnswerIsTransient() {
        Outcome.Failed timeout = (Outcome.Failed) FcmOutcomes.failure(new CompletionException(
                new HttpTimeoutException("request timed out")));
        Outcome.Failed streams = (Outcome.Failed) FcmOutcomes.failure(new CompletionException(
                new IOException("too many concurrent streams")));

        assertThat(timeout.errorCode()).isEqualTo(52110);
        assertThat(timeout.errorMessage()).contains("in time");
        assertThat(streams.errorMessage()).contains("concurrent streams");
    }
}
