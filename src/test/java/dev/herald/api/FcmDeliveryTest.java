package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.ProviderConfig;
import dev.herald.testing.FakeFcm;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live delivery to FCM end to end ({@code --delivery live} against {@link FakeFcm}, HTTP/2 over TLS on loopback
 * trusted through {@code --fcm-trust}, its token endpoint named by the service-account JSON that the fcm Credential
 * was created with): deliveries carry FCM's message name, dead tokens delete their Bindings, 429 and 503 are retried,
 * not before the Retry-After.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcmDeliveryTest {
    private static final FakeFcm FCM = new FakeFcm();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start()
            .live(() -> ProviderConfig.defaults().withFcm(URI.create(FCM.url()), List.of(FCM.trust())));
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @AfterAll
    static void stop() {
        FCM.close();
    }

    private static String token() {
        return "fcm:" + UUID.randomUUID() + "-" + UUID.randomUUID();
    }

    /** A Service whose fcm Credential holds a service-account JSON for {@code project}. */
    private String service(String project) {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", FCM.serviceAccount(project));
        return fixture.serviceWith("FcmCredentialSid", fcm);
    }

    private JsonNode sendAndAwait(String service, String... keysAndValues) {
        return Sends.sendAndAwait(http, service, 40, keysAndValues);
    }

    private Map<String, JsonNode> deliveries(String service, JsonNode counts) {
        return Sends.byAddress(http, service, counts.get("sid").asText(), "");
    }

    @Test
    void fcmAndGcmBindingsReachFcmAndTheirDeliveriesKeepTheMessageName() {
        String service = service("herald-live");
        String a = token();
        String b = token();
        fixture.binding(service, "alice", "fcm", a);
        fixture.binding(service, "alice", "gcm", b);

        JsonNode counts = sendAndAwait(service, "Identity", "alice", "Title", "Hi", "Body", "Hello",
                "Data", "{\"order\":42}");

        assertThat(counts.get("delivered").asInt()).isEqualTo(2);
        Map<String, JsonNode> d = deliveries(service, counts);
        for (String token : List.of(a, b)) {
            FakeFcm.Received got = FCM.received(token).get(0);
            assertThat(got.path()).isEqualTo("/v1/projects/herald-live/messages:send");
            assertThat(got.headers().get("authorization")).startsWith("Bearer ya29.fake-");
            assertThat(got.json().path("message").path("data").path("twi_title").asText()).isEqualTo("Hi");
            assertThat(got.json().path("message").path("data").path("order").asText()).isEqualTo("42");
            JsonNode delivery = d.get(token);
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.get("provider_message_id").asText()).matches("projects/herald-live/messages/\\d+");
            assertThat(delivery.get("request").isNull()).as("live delivery keeps no request").isTrue();
        }
        assertThat(FCM.http1Clients()).isZero();
    }

    @Test
    void unregisteredAndInvalidTokensDeleteTheirBindings() {
        String service = service("herald-dead");
        String gone = token();
        String invalid = token();
        String alive = token();
        String goneSid = fixture.binding(service, "bob", "fcm", gone);
        String invalidSid = fixture.binding(service, "bob", "fcm", invalid);
        String aliveSid = fixture.binding(service, "bob", "fcm", alive);
        FCM.script(gone, FakeFcm.unregistered());
        FCM.script(invalid, FakeFcm.invalidToken());

        JsonNode counts = sendAndAwait(service, "Identity", "bob", "Body", "x");

        assertThat(counts.get("rejected").asInt()).isEqualTo(2);
        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        Map<String, JsonNode> d = deliveries(service, counts);
        assertThat(d.get(gone).get("error_code").asInt()).isEqualTo(52103);
        assertThat(d.get(invalid).get("error_code").asInt()).isEqualTo(52102);
        assertThat(d.get(gone).get("error_message").asText()).doesNotContain(gone);
        assertThat(http.get(bindingsPath(service) + "/" + goneSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + invalidSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + aliveSid).status()).isEqualTo(200);
    }

    @Test
    void quotaExceededIsRetriedNotBeforeItsRetryAfter() {
        String service = service("herald-quota");
        String token = token();
        fixture.binding(service, "carol", "fcm", token);
        FCM.script(token, FakeFcm.quotaExceeded("2"));

        JsonNode counts = sendAndAwait(service, "Identity", "carol", "Body", "x");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        assertThat(deliveries(service, counts).get(token).get("attempts").asInt()).isEqualTo(2);
        List<FakeFcm.Received> got = FCM.received(token);
        assertThat(got).hasSize(2);
        assertThat(got.get(1).atMillis() - got.get(0).atMillis()).as("waited for Retry-After: 2")
                .isGreaterThanOrEqualTo(1900);
    }

    @Test
    void unavailableIsRetriedUntilDelivered() {
        String service = service("herald-unavailable");
        String token = token();
        fixture.binding(service, "dave", "gcm", token);
        FCM.script(token, FakeFcm.unavailable(null));

        JsonNode counts = sendAndAwait(service, "Identity", "dave", "Body", "x");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        JsonNode delivery = deliveries(service, counts).get(token);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(FCM.received(token)).hasSize(2);
    }
}
