package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.bindingsPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.ProviderConfig;
import dev.herald.testing.FakeMessenger;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.LoopbackApi;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live Facebook Messenger end to end ({@code --delivery live} against {@link FakeMessenger}, named by {@code
 * --messenger-url}): Herald's facebook-messenger Credentials hold the page access token, named by the Binding or
 * by the Service's {@code FacebookMessengerCredentialSid}; an unknown user deletes its Binding.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessengerDeliveryTest {
    private static final LoopbackApi GRAPH = FakeMessenger.start(Set.of());
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start()
            .live(() -> ProviderConfig.defaults().withMessenger(GRAPH.url()));
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @AfterAll
    static void stop() {
        GRAPH.close();
    }

    private String page(String token) {
        return fixture.credentialWith("Type", "facebook-messenger", "Secret", token);
    }

    private static String psid() {
        return "psid-" + UUID.randomUUID();
    }

    @Test
    void theServicesOrTheBindingsCredentialCarriesEachMessage() {
        String serviceToken = "EAAB-service-" + UUID.randomUUID();
        String bindingToken = "EAAB-binding-" + UUID.randomUUID();
        String service = fixture.serviceWith("FacebookMessengerPageId", "1234567890",
                "FacebookMessengerCredentialSid", page(serviceToken));
        String viaService = psid();
        String viaBinding = psid();
        fixture.binding(service, "alice", "facebook-messenger", viaService);
        http.post(bindingsPath(service), RawHttp.form("Identity", "alice", "BindingType", "facebook-messenger",
                "Address", viaBinding, "CredentialSid", page(bindingToken)));

        JsonNode counts = Sends.sendAndAwait(http, service, 40, "Identity", "alice", "Body", "Hello");

        assertThat(counts.get("delivered").asInt()).isEqualTo(2);
        assertThat(GRAPH.received(viaService).get(0).header("Authorization")).isEqualTo("Bearer " + serviceToken);
        assertThat(GRAPH.received(viaBinding).get(0).header("Authorization")).isEqualTo("Bearer " + bindingToken);
        assertThat(GRAPH.received(viaService).get(0).json().path("message").path("text").asText()).isEqualTo("Hello");
        Map<String, JsonNode> d = Sends.byAddress(http, service, counts.get("sid").asText(), "");
        assertThat(d.get(viaService).get("provider_message_id").asText()).startsWith("m_");
    }

    @Test
    void anUnknownUserDeletesItsBindingAndAServiceWithoutACredentialRejectsWith52004() {
        String service = fixture.serviceWith("FacebookMessengerPageId", "1234567890",
                "FacebookMessengerCredentialSid", page("EAAB-" + UUID.randomUUID()));
        String gone = psid();
        String goneSid = fixture.binding(service, "bob", "facebook-messenger", gone);
        GRAPH.script(gone, FakeMessenger.error(400, 100, 2018001));
        JsonNode counts = Sends.sendAndAwait(http, service, 40, "Identity", "bob", "Body", "x");
        assertThat(counts.get("rejected").asInt()).isEqualTo(1);
        assertThat(http.get(bindingsPath(service) + "/" + goneSid).status()).isEqualTo(404);

        String bare = fixture.serviceWith("FacebookMessengerPageId", "1234567890");
        String psid = psid();
        fixture.binding(bare, "carol", "facebook-messenger", psid);
        JsonNode none = Sends.sendAndAwait(http, bare, 40, "Identity", "carol", "Body", "x");
        assertThat(Sends.byAddress(http, bare, none.get("sid").asText(), "").get(psid).get("error_code").asInt())
                .isEqualTo(52004);
        assertThat(GRAPH.received(psid)).isEmpty();
    }

    @Test
    void theCredentialTypeAndTheServiceSettingAreChecked() {
        assertInvalid(http.post("/v1/Credentials", RawHttp.form("Type", "facebook-messenger")), "Secret");
        String token = "EAAB-" + UUID.randomUUID();
        JsonNode credential = Api.created(http.post("/v1/Credentials", RawHttp.form("Type", "facebook-messenger",
                "Secret", token, "FriendlyName", "my page")));
        assertThat(credential.get("type").asText()).isEqualTo("facebook-messenger");
        assertThat(credential.toString()).doesNotContain(token);

        String apn = fixture.credential("apn");
        String service = fixture.service("messenger-rules");
        assertInvalid(http.post("/v1/Services/" + service, RawHttp.form("FacebookMessengerCredentialSid", apn)),
                "FacebookMessengerCredentialSid");
        JsonNode updated = Api.ok(http.post("/v1/Services/" + service, RawHttp.form("FacebookMessengerCredentialSid",
                credential.get("sid").asText())));
        assertThat(updated.has("facebook_messenger_credential_sid")).as("an extension, not echoed").isFalse();
        assertError(http.delete("/v1/Credentials/" + credential.get("sid").asText()), 409, 20409);
        assertInvalid(http.post(bindingsPath(service), RawHttp.form("Identity", "dave", "BindingType", "sms",
                "Address", "+15555550100", "CredentialSid", credential.get("sid").asText())), "CredentialSid");
    }
}
