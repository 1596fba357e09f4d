package dev.herald.delivery.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.TestAttempts;
import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.testing.FakeMessenger;
import dev.herald.testing.LogCapture;
import dev.herald.testing.LoopbackApi;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MessengerChannel} against {@link FakeMessenger}: the request, and what each answer (or none) means. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessengerChannelTest {
    private static final String PAGE_TOKEN = "EAAB-page-token";
    private static final LoopbackApi GRAPH = FakeMessenger.start(Set.of("EAAB-revoked"));
    private static final MessengerChannel CHANNEL = new MessengerChannel(MessengerSettings.of(URI.create(GRAPH.url())));

    @AfterAll
    static void stop() {
        GRAPH.close();
    }

    private static Credential page(String token) {
        return TestAttempts.credential(CredentialType.FACEBOOK_MESSENGER,
                new CredentialSecrets(null, null, null, null, token));
    }

    private static Attempt attempt(String psid, Credential credential, String body, String override) {
        TestAttempts n = TestAttempts.notification().credential(credential).body(body);
        if (override != null) {
            n.facebookMessenger(override);
        }
        return n.to(BindingType.FACEBOOK_MESSENGER, psid);
    }

    private static Outcome send(MessengerChannel channel, Attempt attempt) {
        return channel.send(attempt).orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void aMessageIsSentWithTheCredentialsTokenAndDeliveredWithItsId() {
        Outcome.Delivered d = (Outcome.Delivered) send(CHANNEL, attempt("psid-1", page(PAGE_TOKEN), "Hello",
                "{\"messaging_type\":\"MESSAGE_TAG\",\"tag\":\"ACCOUNT_UPDATE\",\"recipient\":{\"id\":\"other\"}}"));

        assertThat(d.providerMessageId()).startsWith("m_");
        LoopbackApi.Received got = GRAPH.received("psid-1").get(0);
        assertThat(got.path()).isEqualTo("/v2.0/me/messages");
        assertThat(got.header("Authorization")).isEqualTo("Bearer " + PAGE_TOKEN);
        assertThat(got.json().path("message").path("text").asText()).isEqualTo("Hello");
        assertThat(got.json().path("tag").asText()).isEqualTo("ACCOUNT_UPDATE");
        assertThat(got.json().path("recipient").path("id").asText()).as("recipient is not overridable")
                .isEqualTo("psid-1");
    }

    @Test
    void aRevokedTokenIsRejectedAndLoggedOnceByCredentialSid() {
        Credential revoked = page("EAAB-revoked");
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                Outcome.Rejected r = (Outcome.Rejected) send(CHANNEL, attempt("psid-2", revoked, "x", null));
                assertThat(r.errorCode()).isEqualTo(52309);
                assertThat(r.errorMessage()).contains("page access token").contains("190");
                assertThat(r.deadAddress()).isFalse();
            }
            assertThat(log.lines()).filteredOn(l -> l.contains(revoked.sid())).hasSize(1);
            log.assertNoneContain(List.of("EAAB-revoked", "psid-2"));
        }
    }

    @Test
    void withoutAMessageOrATokenNothingIsSent() {
        int before = GRAPH.all().size();
        Outcome.Rejected empty = (Outcome.Rejected) send(CHANNEL, attempt("psid-3", page(PAGE_TOKEN), null, null));
        Outcome.Rejected tokenless = (Outcome.Rejected) send(CHANNEL, attempt("psid-3", page(null), "x", null));

        assertThat(empty.errorCode()).isEqualTo(52203);
        assertThat(tokenless.errorCode()).isEqualTo(52309);
        assertThat(GRAPH.all()).hasSize(before);
    }

    @Test
    void unknownUsersAreDeadRateLimitsAndOutagesAreRetried() {
        GRAPH.script("psid-gone", FakeMessenger.error(400, 100, 2018001));
        GRAPH.script("psid-busy", FakeMessenger.error(400, 613, 0));
        GRAPH.script("psid-down", new LoopbackApi.Reply(503, "", "2"));
        GRAPH.script("psid-away", FakeMessenger.error(400, 551, 1545041));

        Outcome.Rejected gone = (Outcome.Rejected) send(CHANNEL, attempt("psid-gone", page(PAGE_TOKEN), "x", null));
        Outcome.Failed busy = (Outcome.Failed) send(CHANNEL, attempt("psid-busy", page(PAGE_TOKEN), "x", null));
        Outcome.Failed down = (Outcome.Failed) send(CHANNEL, attempt("psid-down", page(PAGE_TOKEN), "x", null));
        Outcome.Rejected away = (Outcome.Rejected) send(CHANNEL, attempt("psid-away", page(PAGE_TOKEN), "x", null));

        assertThat(gone.errorCode()).isEqualTo(52001);
        assertThat(gone.deadAddress()).isTrue();
        assertThat(gone.errorMessage()).doesNotContain("12345");
        assertThat(busy.errorCode()).isEqualTo(52201);
        assertThat(down.errorCode()).isEqualTo(52309);
        assertThat(down.retryAfterMillis()).isEqualTo(2000L);
        assertThat(away.deadAddress()).isFalse();
        assertThat(away.errorMessage()).contains("551/1545041");
    }

    @Test
    void anUnreachableOrSilentGraphIsATransientFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MessengerChannel nowhere = new MessengerChannel(MessengerSettings.of(URI.create("http://127.0.0.1:" + closed)));
        assertThat(((Outcome.Failed) send(nowhere, attempt("p", page(PAGE_TOKEN), "x", null))).errorMessage())
                .contains("could not be reached");
        try (ServerSocket silent = new ServerSocket(0)) {
            MessengerChannel impatient = new MessengerChannel(MessengerSettings.of(URI.create("http://127.0.0.1:"
                    + silent.getLocalPort())).withRequestTimeout(Duration.ofMillis(300)));
            assertThat(((Outcome.Failed) send(impatient, attempt("p", page(PAGE_TOKEN), "x", null))).errorMessage())
                    .contains("did not answer in time");
        }
    }
}
