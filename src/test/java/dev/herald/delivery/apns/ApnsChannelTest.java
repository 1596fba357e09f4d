package dev.herald.delivery.apns;

import static dev.herald.delivery.TestAttempts.credential;
import static dev.herald.delivery.TestAttempts.notification;
import static dev.herald.delivery.TestAttempts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.server.RejectionReason;
import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.domain.Notification;
import dev.herald.testing.FakeApns;
import dev.herald.testing.LogCapture;
import dev.herald.testing.TestPki;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The APNs channel against Pushy's MockApnsServer on loopback: both kinds of authentication, the request the
 * sandbox builds reaching the server header by header, and each kind of answer mapped to its outcome.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApnsChannelTest {
    static final String TOKEN = "a".repeat(64);
    static final String BUNDLE = "com.example.herald";
    private static final FakeApns APNS = new FakeApns();
    private static final ApnsChannel CHANNEL = new ApnsChannel(ApnsSettings.apple()
            .withEndpoint("localhost", APNS.port(), List.of(APNS.trust())));

    @AfterAll
    static void stop() {
        CHANNEL.close();
        APNS.close();
    }

    @BeforeEach
    void reset() {
        APNS.clear();
    }

    static Credential tokenCredential(String sid, String bundle) {
        String key = TestPki.pkcs8Pem(TestPki.p256().getPrivate());
        return new Credential(sid, "AC" + "a".repeat(32), "p8", CredentialType.APN,
                new CredentialSecrets(null, key, false, null, null, "ABCDE12345", "TEAM123456", bundle), 1, 1);
    }

    private static final Credential TOKEN_AUTH = tokenCredential("CR" + "1".repeat(32), BUNDLE);

    private static Outcome send(Attempt attempt) {
        return CHANNEL.send(attempt).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static Attempt attempt(String token) {
        return notification().title("Hi").body("Hello").sound("default").data("{\"order\":42}").credential(TOKEN_AUTH)
                .to(BindingType.APN, token);
    }

    @Test
    void tokenAuthenticationDeliversTheSandboxsRequestAndKeepsTheApnsId() {
        Attempt attempt = notification().title("Hi").body("Hello").sound("default").data("{\"order\":42}")
                .apn("{\"aps\":{\"badge\":3},\"apns-topic\":\"com.example.other\"}").credential(TOKEN_AUTH)
                .to(BindingType.APN, TOKEN);

        Outcome outcome = send(attempt);

        assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
        assertThat(outcome.request()).as("live delivery keeps no request").isNull();
        FakeApns.Received got = APNS.received(TOKEN).get(0);
        assertThat(((Outcome.Delivered) outcome).providerMessageId()).isEqualTo(UUID.fromString(
                ((Outcome.Delivered) outcome).providerMessageId()).toString());
        assertThat(got.headers()).containsEntry(":path", "/3/device/" + TOKEN).containsEntry(":method", "POST")
                .containsEntry("apns-topic", "com.example.other").containsEntry("apns-priority", "10")
                .containsEntry("apns-push-type", "alert")
                .containsEntry("apns-expiration", Long.toString(attempt.notification().deadline()));
        assertThat(got.headers().get("authorization")).startsWith("bearer ");
        assertThat(parse(got.payload())).isEqualTo(parse(Payloads.apns(attempt).bodyJson()))
                .isEqualTo(parse("{\"aps\":{\"alert\":{\"title\":\"Hi\",\"body\":\"Hello\"},\"sound\":\"default\","
                        + "\"badge\":3},\"order\":42}"));
    }

    @Test
    void theTopicIsTheBundleIdOfATokenCredential() {
        send(attempt(TOKEN));

        assertThat(APNS.received(TOKEN).get(0).headers()).containsEntry("apns-topic", BUNDLE);
    }

    @Test
    void certificateAuthenticationTakesItsTopicFromTheCertificateAndReadsPkcs1Keys() {
        TestPki.Issued push = TestPki.client(APNS.clientAuthority(),
                "UID=com.example.cert, CN=Apple Push Services: com.example.cert", Duration.ofDays(1));
        Credential cert = new Credential("CR" + "2".repeat(32), "AC" + "a".repeat(32), "cert", CredentialType.APN,
                new CredentialSecrets(push.certificatePem(), push.rsaKeyPem(), true, null, null), 1, 1);

        Outcome outcome = send(notification().body("b").priority(dev.herald.domain.Priority.LOW).credential(cert)
                .to(BindingType.APN, TOKEN));

        assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
        FakeApns.Received got = APNS.received(TOKEN).get(0);
        assertThat(got.headers()).containsEntry("apns-topic", "com.example.cert").containsEntry("apns-priority", "5")
                .doesNotContainKey("authorization");
    }

    @Test
    void anUnregisteredTokenIsDeadSinceApplesTime() {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        APNS.script(TOKEN, new FakeApns.Unregistered(at));

        Outcome.Rejected r = (Outcome.Rejected) send(attempt(TOKEN));

        assertThat(r.errorCode()).isEqualTo(52141);
        assertThat(r.deadAddress()).isTrue();
        assertThat(r.invalidatedAtMillis()).isEqualTo(at.toEpochMilli());
        assertThat(r.errorMessage()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @CsvSource({"BAD_DEVICE_TOKEN,52142,true", "DEVICE_TOKEN_NOT_FOR_TOPIC,52134,true",
            "PAYLOAD_TOO_LARGE,52138,false", "TOPIC_DISALLOWED,52137,false", "BAD_PRIORITY,52143,false"})
    void rejectionsAreFinalAndDeadTokensSaySo(RejectionReason reason, int code, boolean dead) {
        APNS.script(TOKEN, new FakeApns.Reject(reason));

        Outcome outcome = send(attempt(TOKEN));

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected r = (Outcome.Rejected) outcome;
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.deadAddress()).isEqualTo(dead);
        assertThat(r.invalidatedAtMillis()).isNull();
        assertThat(r.errorMessage()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @CsvSource({"TOO_MANY_REQUESTS,52309", "INTERNAL_SERVER_ERROR,52144", "SERVICE_UNAVAILABLE,52139",
            "SHUTDOWN,52139"})
    void transientAnswersFailAndTheNextAttemptGoesThrough(RejectionReason reason, int code) {
        APNS.script(TOKEN, new FakeApns.Reject(reason));

        Outcome first = send(attempt(TOKEN));
        Outcome second = send(attempt(TOKEN));

        assertThat(first).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) first).errorCode()).isEqualTo(code);
        assertThat(second).isInstanceOf(Outcome.Delivered.class);
        assertThat(APNS.received(TOKEN)).hasSize(2);
    }

    @Test
    void aRefusedCredentialRejectsWith52131AndIsLoggedOnce() {
        Credential refused = tokenCredential("CR" + "3".repeat(32), BUNDLE);
        APNS.script(TOKEN, new FakeApns.Reject(RejectionReason.INVALID_PROVIDER_TOKEN),
                new FakeApns.Reject(RejectionReason.INVALID_PROVIDER_TOKEN));
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 2; i++) {
                Outcome.Rejected r = (Outcome.Rejected) send(notification().body("b").credential(refused)
                        .to(BindingType.APN, TOKEN));
                assertThat(r.errorCode()).isEqualTo(52131);
                assertThat(r.deadAddress()).isFalse();
                assertThat(r.errorMessage()).contains("InvalidProviderToken");
            }
            assertThat(log.lines()).filteredOn(l -> l.contains(refused.sid())).hasSize(1);
            log.assertNoneContain(List.of(TOKEN, refused.secrets().privateKey().lines().skip(1).findFirst().get()));
        }
    }

    @Test
    void anUnreadableKeyIsRefusedWithoutReachingApns() {
        Credential broken = new Credential("CR" + "4".repeat(32), "AC" + "a".repeat(32), "bad", CredentialType.APN,
                new CredentialSecrets(null, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----",
                        false, null, null, "ABCDE12345", "TEAM123456", BUNDLE), 1, 1);

        Outcome.Rejected r = (Outcome.Rejected) send(notification().body("b").credential(broken)
                .to(BindingType.APN, TOKEN));

        assertThat(r.errorCode()).isEqualTo(52131);
        assertThat(r.errorMessage()).doesNotContain("c2VjcmV0");
        assertThat(APNS.received()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"BAD_CERTIFICATE,BadCertificate", "BAD_CERTIFICATE_ENVIRONMENT,BadCertificateEnvironment",
            "EXPIRED_PROVIDER_TOKEN,ExpiredProviderToken", "FORBIDDEN,Forbidden"})
    void everyAnswerThatRefusesTheCredentialIs52131(RejectionReason reason, String text) {
        APNS.script(TOKEN, new FakeApns.Reject(reason));

        Outcome.Rejected r = (Outcome.Rejected) send(attempt(TOKEN));

        assertThat(r.errorCode()).isEqualTo(52131);
        assertThat(r.errorMessage()).contains(text);
    }

    @Test
    void aTlsAlertFromApnsRefusesTheCredentialWhileOtherConnectionFailuresAreTransient() {
        Outcome alert = ApnsOutcomes.failure(new java.util.concurrent.CompletionException(
                new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_expired")));
        Outcome untrusted = ApnsOutcomes.failure(new javax.net.ssl.SSLHandshakeException(
                "PKIX path building failed"));
        Outcome lost = ApnsOutcomes.failure(new java.io.IOException("Connection reset"));

        assertThat(alert).isInstanceOf(Outcome.Rejected.class);
        assertThat(((Outcome.Rejected) alert).errorCode()).isEqualTo(52131);
        assertThat(((Outcome.Rejected) alert).errorMessage()).contains("certificate_expired");
        assertThat(untrusted).isInstanceOf(Outcome.Failed.class);
        assertThat(lost).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) lost).errorCode()).isEqualTo(52309);
    }

    @Test
    void aTokenThatIsNotHexIsDeadWithoutReachingApns() {
        Outcome.Rejected r = (Outcome.Rejected) send(attempt("not a token/../x"));

        assertThat(r.errorCode()).isEqualTo(52142);
        assertThat(r.deadAddress()).isTrue();
        assertThat(APNS.received()).isEmpty();
    }

    @Test
    void aDeviceTokenIsOneTo200HexDigitsOfEitherCase() {
        assertThat(ApnsChannel.isHex("0123456789abcdefABCDEF")).isTrue();
        assertThat(ApnsChannel.isHex("f".repeat(200))).isTrue();
        assertThat(ApnsChannel.isHex("f".repeat(201))).isFalse();
        assertThat(ApnsChannel.isHex("")).isFalse();
        for (String bad : List.of("g", "0x12", "12 34", "12/", "\u0660", "ab:cd", "G0", "`", "@", "[", "{")) {
            assertThat(ApnsChannel.isHex(bad)).as(bad).isFalse();
        }
    }

    @Test
    void anUpdatedCredentialIsUsedAtOnce() {
        Credential before = tokenCredential("CR" + "6".repeat(32), "com.example.before");
        Credential after = new Credential(before.sid(), before.accountSid(), "p8", CredentialType.APN,
                tokenCredential(before.sid(), "com.example.after").secrets(), 1, 2);

        send(notification().body("b").credential(before).to(BindingType.APN, TOKEN));
        send(notification().body("b").credential(after).to(BindingType.APN, TOKEN));

        assertThat(APNS.received(TOKEN)).extracting(r -> r.headers().get("apns-topic"))
                .containsExactly("com.example.before", "com.example.after");
    }

    /** The request of one Notification is built once for its tokens, and built anew when its Credential changes. */
    @Test
    void oneNotificationsRequestServesEveryTokenAndFollowsAnUpdatedCredential() {
        Credential before = tokenCredential("CR" + "7".repeat(32), "com.example.first");
        Credential after = new Credential(before.sid(), before.accountSid(), "p8", CredentialType.APN,
                tokenCredential(before.sid(), "com.example.second").secrets(), 1, 2);
        Notification n = notification().title("Hi").body("Hello").build();
        String other = "b".repeat(64);

        assertThat(send(of(n, before, TOKEN))).isInstanceOf(Outcome.Delivered.class);
        assertThat(send(of(n, before, other))).isInstanceOf(Outcome.Delivered.class);
        assertThat(send(of(n, after, TOKEN))).isInstanceOf(Outcome.Delivered.class);
        Notification silent = notification().data("{\"k\":1}").build();
        assertThat(send(of(silent, after, other))).isInstanceOf(Outcome.Delivered.class);

        assertThat(APNS.received(TOKEN)).extracting(r -> r.headers().get("apns-topic"))
                .containsExactly("com.example.first", "com.example.second");
        assertThat(APNS.received(other)).extracting(r -> r.headers().get("apns-topic"))
                .containsExactly("com.example.first", "com.example.second");
        assertThat(APNS.received(other)).extracting(r -> r.headers().get(":path"))
                .containsOnly("/3/device/" + other);
        Object alert = parse("{\"aps\":{\"alert\":{\"title\":\"Hi\",\"body\":\"Hello\"}}}");
        assertThat(parse(APNS.received(TOKEN).get(0).payload())).isEqualTo(alert);
        assertThat(parse(APNS.received(other).get(0).payload())).isEqualTo(alert);
        assertThat(parse(APNS.received(other).get(1).payload()))
                .isEqualTo(parse("{\"aps\":{\"content-available\":1},\"k\":1}"));
        assertThat(APNS.received(other).get(1).headers()).containsEntry("apns-push-type", "background");
    }

    private static Attempt of(Notification n, Credential credential, String token) {
        Attempt a = notification().credential(credential).to(BindingType.APN, token);
        return new Attempt(a.deliveryId(), n, a.target(), a.number(), a.nowMillis());
    }

    @Test
    void anUnreachableServerIsATransientFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (ApnsChannel nowhere = new ApnsChannel(ApnsSettings.apple()
                .withEndpoint("localhost", closed, List.of(APNS.trust())))) {
            Outcome outcome = nowhere.send(attempt(TOKEN)).orTimeout(20, TimeUnit.SECONDS).join();

            assertThat(outcome).isInstanceOf(Outcome.Failed.class);
            assertThat(((Outcome.Failed) outcome).errorCode()).isEqualTo(52309);
        }
    }
}
