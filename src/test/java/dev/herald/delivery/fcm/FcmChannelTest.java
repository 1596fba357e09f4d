package dev.herald.delivery.fcm;

import static dev.herald.delivery.TestAttempts.notification;
import static dev.herald.delivery.TestAttempts.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.testing.FakeFcm;
import dev.herald.testing.LogCapture;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FCM channel against {@link FakeFcm} on loopback (HTTP/2 over TLS, and Google's token endpoint): the request the
 * sandbox builds reaching FCM with a bearer token from the service account, each kind of answer mapped to its
 * outcome, tokens cached, refused Credentials logged once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcmChannelTest {
    static final String TOKEN = "fcm-registration-token-" + "x".repeat(140);
    static final String PROJECT = "herald-test";
    private static final FakeFcm FCM = new FakeFcm();
    private static final FcmChannel CHANNEL = new FcmChannel(settings(FCM));
    private static final AtomicInteger SIDS = new AtomicInteger();
    private static final Credential SHARED = credential(FCM.serviceAccount(PROJECT));

    @AfterAll
    static void stop() {
        CHANNEL.close();
        FCM.close();
    }

    @BeforeEach
    void reset() {
        FCM.clear();
    }

    static FcmSettings settings(FakeFcm fcm) {
        return FcmSettings.google().withEndpoint(URI.create(fcm.url()), List.of(fcm.trust()));
    }

    /** An fcm Credential with {@code secret}, under a SID of its own (so its own token cache). */
    static Credential credential(String secret) {
        return new Credential(String.format("CR%032d", SIDS.incrementAndGet()), "AC" + "a".repeat(32), "fcm",
                CredentialType.FCM, new CredentialSecrets(null, null, null, null, secret), 1, 1);
    }

    private static Outcome send(Attempt attempt) {
        return send(CHANNEL, attempt);
    }

    private static Outcome send(FcmChannel channel, Attempt attempt) {
        return channel.send(attempt).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static Attempt attempt(Credential credential, String token) {
        return notification().title("Hi").body("Hello").data("{\"order\":42}").credential(credential)
                .to(BindingType.FCM, token);
    }

    @Test
    void deliversTheSandboxsRequestOverHttp2WithABearerTokenAndKeepsTheName() {
        Attempt attempt = notification().title("Hi").body("Hello").sound("ding").data("{\"order\":42}")
                .fcm("{\"notification\":{\"title\":\"T\"},\"collapse_key\":\"news\"}").credential(SHARED)
                .to(BindingType.FCM, TOKEN);

        Outcome outcome = send(attempt);

        assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
        assertThat(outcome.request()).as("live delivery keeps no request").isNull();
        assertThat(((Outcome.Delivered) outcome).providerMessageId()).matches("projects/herald-test/messages/\\d+");
        FakeFcm.Received got = FCM.received(TOKEN).get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/v1/projects/herald-test/messages:send")
                .isEqualTo(Payloads.fcm(attempt).path());
        assertThat(got.headers().get("authorization")).matches("Bearer ya29\\.fake-\\d+");
        assertThat(got.headers()).containsEntry("content-type", "application/json; charset=UTF-8");
        assertThat(parse(got.body())).isEqualTo(parse(Payloads.fcm(attempt).bodyJson()));
        assertThat(FCM.http1Clients()).as("only HTTP/2 reaches the fake").isZero();
    }

    @Test
    void theTokenIsAskedForWithTheFirebaseMessagingScope() {
        send(attempt(credential(FCM.serviceAccount(PROJECT)), TOKEN));

        assertThat(FCM.oauth().requests()).isEqualTo(1);
        assertThat(FCM.oauth().lastClaims()).containsEntry("scope", ServiceAccounts.SCOPE)
                .containsEntry("iss", "firebase-adminsdk@herald-test.iam.gserviceaccount.com");
    }

    @Test
    void manySendsShareOneTokenRequest() {
        Credential fresh = credential(FCM.serviceAccount(PROJECT));
        List<CompletableFuture<Outcome>> sends = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sends.add(CHANNEL.send(attempt(fresh, TOKEN + i)));
        }
        for (int i = 0; i < 40; i++) {
            send(attempt(fresh, TOKEN + "-later-" + i));
        }

        assertThat(sends).allSatisfy(f -> assertThat(f.orTimeout(20, TimeUnit.SECONDS).join())
                .isInstanceOf(Outcome.Delivered.class));
        assertThat(FCM.oauth().requests()).as("token requests for 100 messages").isEqualTo(1);
        assertThat(FCM.received()).hasSize(100).extracting(r -> r.headers().get("authorization")).containsOnly(
                FCM.received().get(0).headers().get("authorization"));
    }

    @Test
    void gcmBindingsGoThroughTheSameChannelWithTheirOverride() {
        Attempt attempt = notification().body("Hello").gcm("{\"priority\":\"normal\"}").credential(SHARED)
                .to(BindingType.GCM, TOKEN);

        Outcome outcome = send(attempt);

        assertThat(outcome).isInstanceOf(Outcome.Delivered.class);
        assertThat(parse(FCM.received(TOKEN).get(0).body())).isEqualTo(parse(Payloads.fcm(attempt).bodyJson()));
    }

    @Test
    void anUnregisteredTokenIsDead() {
        FCM.script(TOKEN, FakeFcm.unregistered());

        Outcome.Rejected r = (Outcome.Rejected) send(attempt(SHARED, TOKEN));

        assertThat(r.errorCode()).isEqualTo(52103);
        assertThat(r.deadAddress()).isTrue();
        assertThat(r.errorMessage()).doesNotContain(TOKEN);
    }

    @Test
    void anInvalidRegistrationTokenIsDead() {
        FCM.script(TOKEN, FakeFcm.invalidToken());

        Outcome.Rejected r = (Outcome.Rejected) send(attempt(SHARED, TOKEN));

        assertThat(r.errorCode()).isEqualTo(52102);
        assertThat(r.deadAddress()).isTrue();
        assertThat(r.errorMessage()).doesNotContain(TOKEN);
    }

    @Test
    void quotaExceededFailsWithTheRetryAfterAndTheNextAttemptGoesThrough() {
        FCM.script(TOKEN, FakeFcm.quotaExceeded("7"));

        Outcome first = send(attempt(SHARED, TOKEN));
        Outcome second = send(attempt(SHARED, TOKEN));

        assertThat(first).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) first).errorCode()).isEqualTo(52108);
        assertThat(((Outcome.Failed) first).retryAfterMillis()).isEqualTo(7000L);
        assertThat(second).isInstanceOf(Outcome.Delivered.class);
    }

    @Test
    void unavailableAndInternalErrorsFail() {
        FCM.script(TOKEN, FakeFcm.unavailable("3"),
                FakeFcm.error(500, "INTERNAL", "INTERNAL", "Internal error encountered.", null));

        Outcome.Failed unavailable = (Outcome.Failed) send(attempt(SHARED, TOKEN));
        Outcome.Failed internal = (Outcome.Failed) send(attempt(SHARED, TOKEN));

        assertThat(unavailable.errorCode()).isEqualTo(52110);
        assertThat(unavailable.retryAfterMillis()).isEqualTo(3000L);
        assertThat(internal.errorCode()).isEqualTo(52111);
        assertThat(internal.retryAfterMillis()).isNull();
    }

    @Test
    void aSenderIdMismatchIsRejectedButTheTokenKept() {
        FCM.script(TOKEN, FakeFcm.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch", null));

        Outcome.Rejected r = (Outcome.Rejected) send(attempt(SHARED, TOKEN));

        assertThat(r.errorCode()).isEqualTo(52104);
        assertThat(r.deadAddress()).isFalse();
    }

    @Test
    void a401RefusesTheCredentialWith52101LoggedOnce() {
        Credential refused = credential(FCM.serviceAccount(PROJECT));
        FCM.script(TOKEN, FakeFcm.error(401, "UNAUTHENTICATED", null, "Request had invalid authentication "
                + "credentials.", null), FakeFcm.error(401, "UNAUTHENTICATED", null, "Again.", null));
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 2; i++) {
                Outcome.Rejected r = (Outcome.Rejected) send(attempt(refused, TOKEN));
                assertThat(r.errorCode()).isEqualTo(52101);
                assertThat(r.deadAddress()).isFalse();
            }
            assertThat(log.lines()).filteredOn(l -> l.contains(refused.sid())).hasSize(1);
            String authorization = FCM.received(TOKEN).get(0).headers().get("authorization");
            log.assertNoneContain(List.of(TOKEN, authorization.substring(7), "ya29.", "PRIVATE KEY"));
        }
    }

    @Test
    void anUnreadableSecretIsRefusedWithoutReachingGoogle() {
        for (String secret : List.of("not json", "{\"type\":\"service_account\",\"project_id\":\"p\"}",
                FCM.serviceAccount(PROJECT).replace("MII", "XXX"))) {
            Credential broken = credential(secret);

            Outcome.Rejected r = (Outcome.Rejected) send(attempt(broken, TOKEN));

            assertThat(r.errorCode()).isEqualTo(52101);
            assertThat(r.errorMessage()).doesNotContain("XXX").doesNotContain(TOKEN);
        }
        assertThat(FCM.oauth().requests()).isZero();
        assertThat(FCM.received()).isEmpty();
    }

    @Test
    void aRefusedTokenRequestRejectsWith52101AndIsNotRepeatedForEveryMessage() {
        Credential revoked = credential(FCM.serviceAccount(PROJECT));
        FCM.oauth().refuse(true);
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                Outcome.Rejected r = (Outcome.Rejected) send(attempt(revoked, TOKEN));
                assertThat(r.errorCode()).isEqualTo(52101);
                assertThat(r.errorMessage()).contains("HTTP 400");
            }
            assertThat(log.lines()).filteredOn(l -> l.contains(revoked.sid())).hasSize(1);
        }
        assertThat(FCM.oauth().requests()).isEqualTo(1);
        assertThat(FCM.received()).isEmpty();
    }

    @Test
    void anUnreachableServerAndALateAnswerAreTransientFailures() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (FcmChannel nowhere = new FcmChannel(settings(FCM).withEndpoint(URI.create("https://localhost:" + closed),
                List.of(FCM.trust())));
             FcmChannel impatient = new FcmChannel(settings(FCM).withRequestTimeout(Duration.ofMillis(300)))) {
            Outcome.Failed unreachable = (Outcome.Failed) send(nowhere, attempt(SHARED, TOKEN));
            FCM.delay(Duration.ofSeconds(2));
            Outcome.Failed late = (Outcome.Failed) send(impatient, attempt(SHARED, TOKEN));

            assertThat(unreachable.errorCode()).isEqualTo(52110);
            assertThat(late.errorCode()).isEqualTo(52110);
            assertThat(late.errorMessage()).contains("did not answer in time");
        }
    }

    @Test
    void jdk17FailsRequestsBeyondTheServersStreamLimitSoMaxInFlightStaysWithinIt() {
        try (FakeFcm narrow = new FakeFcm(5); FcmChannel channel = new FcmChannel(settings(narrow))) {
            Credential c = credential(narrow.serviceAccount(PROJECT));
            assertThat(send(channel, attempt(c, TOKEN))).isInstanceOf(Outcome.Delivered.class); // connected
            narrow.delay(Duration.ofMillis(300));
            List<CompletableFuture<Outcome>> beyond = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                beyond.add(channel.send(attempt(c, TOKEN + i)));
            }
            List<Outcome> outcomes = beyond.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join()).toList();

            assertThat(outcomes).filteredOn(o -> o instanceof Outcome.Failed f && f.errorCode() == 52110
                    && f.errorMessage().contains("concurrent streams")).isNotEmpty();
            assertThat(narrow.peakInFlight()).isLessThanOrEqualTo(5);
        }
    }
}
