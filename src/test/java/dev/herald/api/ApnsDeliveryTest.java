package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.server.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.ProviderConfig;
import dev.herald.testing.FakeApns;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestPki;
import dev.herald.testing.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live delivery to APNs end to end ({@code --delivery live} against Pushy's MockApnsServer on loopback, trusted
 * through {@code --apns-trust}): deliveries carry Apple's apns-id, dead tokens delete their Bindings unless the
 * Binding was updated after Apple's invalidation time, transient answers are retried, a refused Credential
 * rejects with 52131.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApnsDeliveryTest {
    private static final FakeApns APNS = new FakeApns();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start()
            .live(() -> ProviderConfig.defaults().withApns("localhost", APNS.port(), List.of(APNS.trust())));
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @AfterAll
    static void stop() {
        APNS.close();
    }

    private static String token() {
        return UUID.randomUUID().toString().replace("-", "").repeat(2);
    }

    /** A Service whose apn Credential is a push certificate the fake APNs trusts, for {@code bundle}. */
    private String service(String bundle) {
        TestPki.Issued push = TestPki.client(APNS.clientAuthority(), "UID=" + bundle + ", CN=Apple Push Services: "
                + bundle, Duration.ofDays(1));
        String apn = fixture.credentialWith("Type", "apn", "Certificate", push.certificatePem(),
                "PrivateKey", push.rsaKeyPem(), "Sandbox", "true");
        return fixture.serviceWith("ApnCredentialSid", apn);
    }

    private JsonNode sendAndAwait(String service, String... keysAndValues) {
        return Sends.sendAndAwait(http, service, 40, keysAndValues);
    }

    private Map<String, JsonNode> deliveries(String service, JsonNode counts) {
        return Sends.byAddress(http, service, counts.get("sid").asText(), "");
    }

    @Test
    void everyTokenReachesApnsAndItsDeliveryKeepsTheApnsId() {
        String service = service("com.example.live");
        String a = token();
        String b = token();
        fixture.binding(service, "alice", "apn", a);
        fixture.binding(service, "alice", "apn", b);

        JsonNode counts = sendAndAwait(service, "Identity", "alice", "Title", "Hi", "Body", "Hello",
                "Data", "{\"order\":42}");

        assertThat(counts.get("delivered").asInt()).isEqualTo(2);
        Map<String, JsonNode> d = deliveries(service, counts);
        for (String token : List.of(a, b)) {
            FakeApns.Received got = APNS.received(token).get(0);
            assertThat(got.headers()).containsEntry("apns-topic", "com.example.live")
                    .containsEntry("apns-push-type", "alert").containsEntry("apns-priority", "10");
            assertThat(got.payload()).contains("\"title\":\"Hi\"").contains("\"order\":42");
            JsonNode delivery = d.get(token);
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(UUID.fromString(delivery.get("provider_message_id").asText())).isNotNull();
            assertThat(delivery.get("request").isNull()).as("live delivery keeps no request").isTrue();
        }
    }

    @Test
    void aTokenCredentialCreatedThroughTheApiSignsItsRequestsAndGivesTheTopic() {
        String apn = fixture.credentialWith("Type", "apn", "PrivateKey", TestSecrets.p8Key(), "KeyId", "ABCDE12345",
                "TeamId", "TEAM123456", "BundleId", "com.example.token");
        String service = fixture.serviceWith("ApnCredentialSid", apn);
        String token = token();
        fixture.binding(service, "erin", "apn", token);

        JsonNode counts = sendAndAwait(service, "Identity", "erin", "Body", "x");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        FakeApns.Received got = APNS.received(token).get(0);
        assertThat(got.headers()).containsEntry("apns-topic", "com.example.token");
        assertThat(got.headers().get("authorization")).startsWith("bearer ");
    }

    @Test
    void anUnregisteredTokenDeletesItsBindingUnlessTheBindingIsNewerThanApplesTime() {
        String service = service("com.example.dead");
        String gone = token();
        String renewed = token();
        String bad = token();
        String goneSid = fixture.binding(service, "bob", "apn", gone);
        String renewedSid = fixture.binding(service, "bob", "apn", renewed);
        String badSid = fixture.binding(service, "bob", "apn", bad);
        APNS.script(gone, new FakeApns.Unregistered(Instant.now().plusSeconds(60)));
        APNS.script(renewed, new FakeApns.Unregistered(Instant.now().minusSeconds(3600)));
        APNS.script(bad, new FakeApns.Reject(RejectionReason.BAD_DEVICE_TOKEN));

        JsonNode counts = sendAndAwait(service, "Identity", "bob", "Body", "x");

        assertThat(counts.get("rejected").asInt()).isEqualTo(3);
        Map<String, JsonNode> d = deliveries(service, counts);
        assertThat(d.get(gone).get("error_code").asInt()).isEqualTo(52141);
        assertThat(d.get(renewed).get("error_code").asInt()).isEqualTo(52141);
        assertThat(d.get(bad).get("error_code").asInt()).isEqualTo(52142);
        assertThat(http.get(bindingsPath(service) + "/" + goneSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + badSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + renewedSid).status())
                .as("updated after Apple's time: kept").isEqualTo(200);
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedUntilDelivered() {
        String service = service("com.example.retry");
        String token = token();
        fixture.binding(service, "carol", "apn", token);
        APNS.script(token, new FakeApns.Reject(RejectionReason.TOO_MANY_REQUESTS),
                new FakeApns.Reject(RejectionReason.INTERNAL_SERVER_ERROR));

        JsonNode counts = sendAndAwait(service, "Identity", "carol", "Body", "x");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        assertThat(deliveries(service, counts).get(token).get("attempts").asInt()).isEqualTo(3);
        assertThat(APNS.received(token)).hasSize(3);
    }

    @Test
    void aCredentialApnsRefusesRejectsEveryDeliveryWith52131() {
        String service = service("com.example.refused");
        String one = token();
        String two = token();
        fixture.binding(service, "dave", "apn", one);
        fixture.binding(service, "dave", "apn", two);
        APNS.script(one, new FakeApns.Reject(RejectionReason.BAD_CERTIFICATE));
        APNS.script(two, new FakeApns.Reject(RejectionReason.BAD_CERTIFICATE));

        JsonNode counts = sendAndAwait(service, "Identity", "dave", "Body", "x");

        assertThat(counts.get("rejected").asInt()).isEqualTo(2);
        assertThat(deliveries(service, counts).values())
                .allSatisfy(d -> assertThat(d.get("error_code").asInt()).isEqualTo(52131));
    }
}
