package dev.herald.delivery.sandbox;

import static dev.herald.delivery.TestAttempts.credential;
import static dev.herald.delivery.TestAttempts.notification;
import static dev.herald.delivery.TestAttempts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.delivery.TestAttempts;
import dev.herald.domain.BindingType;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The sandbox's rules: invalid and flaky addresses, the providers' size limits, and delivered ids' shapes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxChannelTest {
    private static final long NOW = (TestAttempts.CREATED + 10) * 1000;
    private final SandboxChannel channel = new SandboxChannel();

    private static String address(BindingType type, String prefix) {
        return prefix + (type == BindingType.SMS ? "+15555550100" : "token0efb85d0");
    }

    private Outcome send(Attempt attempt) {
        CompletableFuture<Outcome> future = channel.send(attempt);
        assertThat(future).as("completes at once, never exceptionally").isCompleted()
                .isNotCompletedExceptionally();
        return future.join();
    }

    private static void assertRequestOf(Outcome outcome, Attempt attempt) {
        assertThat(outcome.request()).isNotNull().isEqualTo(Payloads.build(attempt).toJson());
        assertThat(parse(outcome.request())).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("method", "path", "headers", "body");
    }

    @ParameterizedTest
    @CsvSource({"APN,52141", "FCM,52103", "GCM,52103", "SMS,52001", "FACEBOOK_MESSENGER,52001"})
    void anInvalidAddressIsRejectedAsDead(BindingType type, int code) {
        String address = address(type, "invalid-");
        Attempt attempt = notification().body("b").nowMillis(NOW).to(type, address);

        Outcome outcome = send(attempt);

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        assertThat(rejected.errorCode()).isEqualTo(code);
        assertThat(rejected.deadAddress()).isTrue();
        assertThat(rejected.invalidatedAtMillis()).isEqualTo(NOW);
        assertThat(rejected.errorMessage()).isNotBlank().doesNotContain(address).doesNotContain("token0efb85d0")
                .doesNotContain("5555550100");
        assertRequestOf(outcome, attempt);
    }

    @ParameterizedTest
    @EnumSource(value = BindingType.class, names = "ALEXA", mode = EnumSource.Mode.EXCLUDE)
    void aFlakyAddressFailsTwiceThenIsDelivered(BindingType type) {
        String address = address(type, "flaky-");
        for (int number = 1; number <= 4; number++) {
            Attempt attempt = notification().body("b").number(number).to(type, address);

            Outcome outcome = send(attempt);

            if (number <= 2) {
                assertThat(outcome).isInstanceOf(Outcome.Failed.class);
                Outcome.Failed failed = (Outcome.Failed) outcome;
                assertThat(failed.errorCode()).isEqualTo(52309);
                assertThat(failed.retryAfterMillis()).isNull();
                assertThat(failed.errorMessage()).doesNotContain(address);
            } else {
                assertThat(outcome).as("attempt " + number).isInstanceOf(Outcome.Delivered.class);
            }
            assertRequestOf(outcome, attempt);
        }
    }

    @Test
    void anApnsPayloadOverFourKilobytesIsRejected() {
        String fits = "x".repeat(4096 - "{\"aps\":{\"alert\":{\"body\":\"\"}}}".length());
        Attempt atLimit = notification().body(fits).to(BindingType.APN, "token");
        Attempt over = notification().body(fits + "é").to(BindingType.APN, "token");

        assertThat(Payloads.build(atLimit).bodyJson()).hasSize(4096);
        assertThat(send(atLimit)).isInstanceOf(Outcome.Delivered.class);
        Outcome outcome = send(over);
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        assertThat(rejected.errorCode()).isEqualTo(52138);
        assertThat(rejected.deadAddress()).isFalse();
        assertThat(rejected.errorMessage()).doesNotContain("xxx");
        assertRequestOf(outcome, over);
    }

    @ParameterizedTest
    @EnumSource(value = BindingType.class, names = {"FCM", "GCM"})
    void anFcmMessageOverFourKilobytesOfDataIsRejected(BindingType type) {
        String twoByteChars = "é".repeat(1020);
        Attempt fits = notification().body(twoByteChars).data(Map.of("k", twoByteChars)).to(type, "token");
        Attempt over = notification().body(twoByteChars).data(Map.of("k", twoByteChars + "éé"))
                .fcm("{\"notification\": {\"title\": \"t\"}}").gcm("{\"notification\": {\"title\": \"t\"}}")
                .to(type, "token");

        assertThat(send(fits)).isInstanceOf(Outcome.Delivered.class);
        Outcome outcome = send(over);
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        assertThat(rejected.errorCode()).isEqualTo(52106);
        assertThat(rejected.deadAddress()).isFalse();
        assertRequestOf(outcome, over);
    }

    @Test
    void anApnsDeliveryHasAnApnsIdUuid() {
        Attempt attempt = notification().body("b").to(BindingType.APN, "token");

        Outcome outcome = send(attempt);

        assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
        assertThat(((Outcome.Delivered) outcome).providerMessageId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertRequestOf(outcome, attempt);
    }

    @Test
    void anFcmDeliveryHasAMessageNameInItsProject() {
        Attempt withProject = notification().body("b").credential(credential(CredentialType.FCM,
                new CredentialSecrets(null, null, null, null, "{\"project_id\": \"herald-test-1\"}")))
                .to(BindingType.FCM, "token");
        Attempt withoutProject = notification().body("b").to(BindingType.GCM, "token");

        Outcome outcome = send(withProject);

        assertThat(((Outcome.Delivered) outcome).providerMessageId())
                .matches("projects/herald-test-1/messages/0:[0-9]+%[0-9a-f]{16}");
        assertThat(((Outcome.Delivered) send(withoutProject)).providerMessageId())
                .matches("projects/-/messages/0:[0-9]+%[0-9a-f]{16}");
        assertRequestOf(outcome, withProject);
    }

    @Test
    void anSmsDeliveryHasAMessageSid() {
        Attempt attempt = notification().body("b").to(BindingType.SMS, "+15555550100");

        Outcome outcome = send(attempt);

        assertThat(((Outcome.Delivered) outcome).providerMessageId()).matches("SM[0-9a-f]{32}");
        assertRequestOf(outcome, attempt);
    }

    @Test
    void aMessengerDeliveryHasAMessageId() {
        Attempt attempt = notification().body("b").to(BindingType.FACEBOOK_MESSENGER, "1234567890");

        Outcome outcome = send(attempt);

        assertThat(((Outcome.Delivered) outcome).providerMessageId()).matches("m_[A-Za-z0-9_-]{20,}");
        assertRequestOf(outcome, attempt);
    }

    @Test
    void idsDiffer() {
        Attempt attempt = notification().body("b").to(BindingType.SMS, "+15555550100");

        assertThat(((Outcome.Delivered) send(attempt)).providerMessageId())
                .isNotEqualTo(((Outcome.Delivered) send(attempt)).providerMessageId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"APN|{\"aps\": 1}", "FCM|{\"priority\": \"urgent\"}",
            "GCM|{\"data\": []}", "SMS|{\"media_urls\": [{}]}"})
    void anOverrideThatCannotBeTranslatedIsRejectedNeutrally(BindingType type, String override) {
        TestAttempts n = notification().body("b");
        switch (type) {
            case APN -> n.apn(override);
            case FCM -> n.fcm(override);
            case GCM -> n.gcm(override);
            default -> n.sms(override);
        }
        String address = address(type, "invalid-");

        Outcome outcome = send(n.to(type, address));

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected rejected = (Outcome.Rejected) outcome;
        assertThat(rejected.errorCode()).isEqualTo(52000);
        assertThat(rejected.deadAddress()).isFalse();
        assertThat(rejected.errorMessage()).doesNotContain(address).doesNotContain("urgent");
    }

    @Test
    void anAlexaAttemptIsRejectedNotThrown() {
        Outcome outcome = send(notification().body("b").to(BindingType.ALEXA, "amzn1.ask.account.x"));

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) outcome).errorCode()).isEqualTo(52000);
    }

    @Test
    void allowsManyAttemptsInFlight() {
        assertThat(channel.maxInFlight()).isGreaterThanOrEqualTo(1000);
    }
}
