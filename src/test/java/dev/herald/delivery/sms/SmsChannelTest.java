package dev.herald.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.TestAttempts;
import dev.herald.domain.BindingType;
import dev.herald.testing.FakeSms;
import dev.herald.testing.LoopbackApi;
import dev.herald.testing.LogCapture;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SmsChannel} against {@link FakeSms}: the request, and what each answer (or none) means. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmsChannelTest {
    private static final String ACCOUNT = "AC" + "1".repeat(32);
    private static final String TOKEN = "secret-sms-token";
    private static final LoopbackApi SMS = FakeSms.start(ACCOUNT, TOKEN);
    private static final String TO = "+15555550123";

    @AfterAll
    static void stop() {
        SMS.close();
    }

    private static SmsSettings settings(String token) {
        return SmsSettings.of(URI.create(SMS.url() + "/"), ACCOUNT, token);
    }

    private static Outcome send(SmsSettings settings, Attempt attempt) {
        try (SmsChannel channel = new SmsChannel(settings)) {
            return channel.send(attempt).orTimeout(20, TimeUnit.SECONDS).join();
        }
    }

    private static Attempt attempt(String to) {
        return TestAttempts.notification().body("Hi").to(BindingType.SMS, to);
    }

    @Test
    void anAcceptedMessageIsDeliveredWithItsSid() {
        Outcome.Delivered d = (Outcome.Delivered) send(settings(TOKEN), attempt(TO));

        assertThat(d.providerMessageId()).matches("SM[0-9a-f]{32}");
        assertThat(d.request()).as("live delivery keeps no request").isNull();
        LoopbackApi.Received got = SMS.received(TO).get(SMS.received(TO).size() - 1);
        assertThat(got.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
        assertThat(got.form()).isEqualTo(Map.of("To", List.of(TO), "Body", List.of("Hi"),
                "MessagingServiceSid", List.of(TestAttempts.MESSAGING_SERVICE)));
    }

    @Test
    void aRefusedAccountRejectsWith52309AndIsLoggedOnceWithoutTheToken() {
        try (LogCapture log = LogCapture.start(); SmsChannel channel = new SmsChannel(settings("wrong-token"))) {
            for (int i = 0; i < 3; i++) {
                Outcome.Rejected r = (Outcome.Rejected) channel.send(attempt("+15555550124")).join();
                assertThat(r.errorCode()).isEqualTo(52309);
                assertThat(r.errorMessage()).contains("20003").contains("HTTP 401");
                assertThat(r.deadAddress()).isFalse();
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("SMS account")).hasSize(1);
            log.assertNoneContain(List.of("wrong-token", "+15555550124"));
        }
    }

    @Test
    void withoutAnAccountOrABodyNothingIsSent() {
        int before = SMS.all().size();
        Outcome.Rejected unset = (Outcome.Rejected) send(SmsSettings.of(URI.create(SMS.url()), null, null),
                attempt(TO));
        Outcome.Rejected empty = (Outcome.Rejected) send(settings(TOKEN),
                TestAttempts.notification().title("only a title").to(BindingType.SMS, TO));

        assertThat(unset.errorCode()).isEqualTo(52000);
        assertThat(unset.errorMessage()).contains("HERALD_SMS_ACCOUNT_SID");
        assertThat(empty.errorCode()).isEqualTo(21602);
        assertThat(SMS.all()).hasSize(before);
    }

    @Test
    void anUnreachableServerAndALateAnswerAreTransientFailures() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome.Failed unreachable = (Outcome.Failed) send(SmsSettings.of(URI.create("http://127.0.0.1:" + closed),
                ACCOUNT, TOKEN), attempt(TO));
        try (ServerSocket silent = new ServerSocket(0)) {
            Outcome.Failed late = (Outcome.Failed) send(SmsSettings.of(URI.create("http://127.0.0.1:"
                    + silent.getLocalPort()), ACCOUNT, TOKEN).withRequestTimeout(Duration.ofMillis(300)), attempt(TO));
            assertThat(late.errorCode()).isEqualTo(52309);
            assertThat(late.errorMessage()).contains("did not answer in time");
        }
        assertThat(unreachable.errorCode()).isEqualTo(52309);
        assertThat(unreachable.errorMessage()).contains("could not be reached");
    }

    @Test
    void closingTheChannelFailsWhatIsInFlightAndWhatComesAfter() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            SmsChannel channel = new SmsChannel(SmsSettings.of(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    ACCOUNT, TOKEN).withConnections(1));
            var inFlight = channel.send(attempt(TO));
            var queued = channel.send(attempt(TO));
            Thread.sleep(100);
            channel.close();
            for (Outcome o : List.of(inFlight.get(5, TimeUnit.SECONDS), queued.get(5, TimeUnit.SECONDS),
                    channel.send(attempt(TO)).get(5, TimeUnit.SECONDS))) {
                assertThat(((Outcome.Failed) o).errorCode()).isEqualTo(52309);
                assertThat(((Outcome.Failed) o).errorMessage()).doesNotContain(TO).doesNotContain(TOKEN);
            }
        }
    }

    @Test
    void answersMapToOutcomes() {
        long now = 1_000_000;
        assertThat(SmsOutcomes.of(201, "{\"sid\":\"SMabc\"}", null, now)).isEqualTo(new Outcome.Delivered("SMabc", null));
        assertThat(SmsOutcomes.of(200, "not json", null, now)).isEqualTo(new Outcome.Delivered(null, null));
        Outcome.Failed busy = (Outcome.Failed) SmsOutcomes.of(429, "{\"code\":20429}", "3", now);
        assertThat(busy.errorCode()).isEqualTo(52181);
        assertThat(busy.retryAfterMillis()).isEqualTo(3000L);
        Outcome.Failed down = (Outcome.Failed) SmsOutcomes.of(502, "<html>", null, now);
        assertThat(down.errorCode()).isEqualTo(52309);
        assertThat(down.errorMessage()).contains("HTTP 502");
        for (int code : List.of(21211, 21614)) {
            Outcome.Rejected dead = (Outcome.Rejected) SmsOutcomes.of(400, "{\"code\":" + code
                    + ",\"message\":\"The 'To' number +15555550100 is not valid\"}", null, now);
            assertThat(dead.deadAddress()).isTrue();
            assertThat(dead.errorMessage()).contains(Integer.toString(code)).doesNotContain("+1555");
        }
        Outcome.Rejected other = (Outcome.Rejected) SmsOutcomes.of(400, "{\"code\":21610}", null, now);
        assertThat(other.deadAddress()).isFalse();
        assertThat(other.errorCode()).isEqualTo(52309);
    }
}
