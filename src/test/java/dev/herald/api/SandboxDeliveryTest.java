package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.Sids;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestSecrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sandbox delivery end to end over HTTP (test servers run {@code --delivery sandbox}): every channel's provider
 * request is recorded on its delivery, addresses starting with {@code invalid} are rejected as unregistered and
 * their Bindings deleted, those starting with {@code flaky} are delivered on the third attempt.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxDeliveryTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private String service() {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", TestSecrets.serviceAccount("sandbox-test"));
        String apn = fixture.credentialWith("Type", "apn", "Certificate", "not a real certificate",
                "PrivateKey", "not a real key");
        return fixture.serviceWith("FcmCredentialSid", fcm, "ApnCredentialSid", apn,
                "MessagingServiceSid", Sids.next(Sids.MESSAGING_SERVICE));
    }

    private JsonNode send(String service, String... keysAndValues) {
        return created(http.post("/v1/Services/" + service + "/Notifications", RawHttp.form(keysAndValues)));
    }

    private JsonNode awaitDone(String service, String sid) {
        return Sends.awaitDone(http, Sends.path(service, sid), 30);
    }

    /** The deliveries by address. */
    private Map<String, JsonNode> deliveries(String service, String sid, String query) {
        return Sends.byAddress(http, service, sid, query);
    }

    @Test
    void everyChannelRecordsTheProviderRequestItWouldSend() throws Exception {
        String service = service();
        fixture.binding(service, "alice", "fcm", "fcm-token", "news");
        fixture.binding(service, "alice", "apn", "apn-token", "news");
        fixture.binding(service, "bob", "sms", "+15555550100", "news");
        fixture.binding(service, "carol", "fcm", "other-token", "sport");
        JsonNode sent = send(service, "Tag", "news", "Title", "Hi", "Body", "Hello", "Priority", "low", "Ttl", "3600",
                "Data", "{\"order\":42,\"gift\":true}");
        JsonNode counts = awaitDone(service, sent.get("sid").asText());
        assertThat(counts.get("total").asInt()).isEqualTo(3);
        assertThat(counts.get("delivered").asInt()).isEqualTo(3);
        assertThat(counts.get("warning").isNull()).isTrue();
        Map<String, JsonNode> d = deliveries(service, sent.get("sid").asText(), "");
        assertThat(d).containsOnlyKeys("fcm-token", "apn-token", "+15555550100");
        long deadline = Instant.parse(sent.get("date_created").asText()).getEpochSecond() + 3600;

        JsonNode fcm = d.get("fcm-token");
        assertThat(fcm.get("status").asText()).isEqualTo("delivered");
        assertThat(fcm.get("identity").asText()).isEqualTo("alice");
        assertThat(fcm.get("provider_message_id").asText()).startsWith("projects/sandbox-test/messages/");
        JsonNode message = fcm.get("request").get("body").get("message");
        assertThat(fcm.get("request").get("path").asText()).isEqualTo("/v1/projects/sandbox-test/messages:send");
        assertThat(message.get("token").asText()).isEqualTo("fcm-token");
        assertThat(message.get("data").get("twi_title").asText()).isEqualTo("Hi");
        assertThat(message.get("data").get("twi_body").asText()).isEqualTo("Hello");
        assertThat(message.get("data").get("order").asText()).isEqualTo("42");
        assertThat(message.get("data").get("gift").asText()).isEqualTo("true");
        assertThat(message.get("android").get("priority").asText()).isEqualTo("NORMAL");
        assertThat(Long.parseLong(message.get("android").get("ttl").asText().replace("s", ""))).isBetween(3590L, 3600L);

        JsonNode apn = d.get("apn-token").get("request");
        assertThat(apn.get("path").asText()).isEqualTo("/3/device/apn-token");
        assertThat(apn.get("headers").get("apns-priority").asText()).isEqualTo("5");
        assertThat(apn.get("headers").get("apns-expiration").asText()).isEqualTo(Long.toString(deadline));
        assertThat(apn.get("headers").get("apns-push-type").asText()).isEqualTo("alert");
        assertThat(apn.get("body").get("aps").get("alert").get("title").asText()).isEqualTo("Hi");
        assertThat(apn.get("body").get("order").asInt()).isEqualTo(42);

        JsonNode sms = d.get("+15555550100");
        assertThat(sms.get("provider_message_id").asText()).matches("SM[0-9a-f]{32}");
        JsonNode form = sms.get("request").get("body");
        assertThat(form.get("To").get(0).asText()).isEqualTo("+15555550100");
        assertThat(form.get("Body").get(0).asText()).isEqualTo("Hello");
        assertThat(form.get("MessagingServiceSid").get(0).asText()).startsWith("MG");
    }

    @Test
    void anInvalidAddressIsRejectedAndItsBindingDeletedAFlakyOneDeliveredOnTheThirdAttempt() throws Exception {
        String service = service();
        String dead = fixture.binding(service, "dave", "fcm", "invalid-token");
        fixture.binding(service, "erin", "fcm", "flaky-token");
        JsonNode sent = send(service, "Identity", "dave", "Identity", "erin", "Body", "x");
        JsonNode counts = awaitDone(service, sent.get("sid").asText());
        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        assertThat(counts.get("rejected").asInt()).isEqualTo(1);
        Map<String, JsonNode> d = deliveries(service, sent.get("sid").asText(), "");
        assertThat(d.get("invalid-token").get("status").asText()).isEqualTo("rejected");
        assertThat(d.get("invalid-token").get("error_code").asInt()).isEqualTo(52103);
        assertThat(d.get("flaky-token").get("status").asText()).isEqualTo("delivered");
        assertThat(d.get("flaky-token").get("attempts").asInt()).isEqualTo(3);
        assertThat(http.get(bindingsPath(service) + "/" + dead).status()).as("the dead Binding").isEqualTo(404);
        assertThat(deliveries(service, sent.get("sid").asText(), "?Status=rejected")).containsOnlyKeys("invalid-token");
    }

    @Test
    void directAddressesNeedNoBindingAndASendToNobodyIsRecordedWith52301() throws Exception {
        String service = service();
        List<String> form = new ArrayList<>(List.of("Body", "direct"));
        for (String address : List.of("+15555550101", "+15555550102")) {
            form.addAll(List.of("ToBinding", "{\"binding_type\":\"sms\",\"address\":\"" + address + "\"}"));
        }
        JsonNode direct = send(service, form.toArray(String[]::new));
        assertThat(direct.get("identities").size()).isZero();
        assertThat(awaitDone(service, direct.get("sid").asText()).get("delivered").asInt()).isEqualTo(2);
        assertThat(deliveries(service, direct.get("sid").asText(), "").values())
                .allSatisfy(d -> assertThat(d.get("binding_sid").isNull()).isTrue());

        JsonNode nobody = send(service, "Identity", "nobody-at-all", "Body", "x");
        JsonNode counts = awaitDone(service, nobody.get("sid").asText());
        assertThat(counts.get("total").asInt()).isZero();
        assertThat(counts.get("warning").asInt()).isEqualTo(52301);
    }

    @Test
    void withoutACredentialTheDeliveryIsRejectedWith52004() throws Exception {
        String service = fixture.service();
        fixture.binding(service, "frank", "apn", "apn-without-credential");
        JsonNode sent = send(service, "Identity", "frank", "Body", "x");
        awaitDone(service, sent.get("sid").asText());
        JsonNode d = deliveries(service, sent.get("sid").asText(), "").get("apn-without-credential");
        assertThat(d.get("status").asText()).isEqualTo("rejected");
        assertThat(d.get("error_code").asInt()).isEqualTo(52004);
        assertThat(d.get("request").isNull()).isTrue();
    }

    @Test
    void smsWithoutAMessagingServiceAndAlexaAreRejected() throws Exception {
        String service = fixture.service();
        fixture.binding(service, "gina", "sms", "+15555550199");
        fixture.binding(service, "gina", "alexa", "alexa-user");
        JsonNode sent = send(service, "Identity", "gina", "Body", "x");
        JsonNode counts = awaitDone(service, sent.get("sid").asText());
        assertThat(counts.get("rejected").asInt()).isEqualTo(2);
        Map<String, JsonNode> d = deliveries(service, sent.get("sid").asText(), "");
        assertThat(d.get("+15555550199").get("error_code").asInt()).isEqualTo(52182);
        assertThat(d.get("alexa-user").get("error_code").asInt()).isEqualTo(52000);
        assertThat(d.get("alexa-user").get("error_message").asText()).contains("Alexa");
    }
}
