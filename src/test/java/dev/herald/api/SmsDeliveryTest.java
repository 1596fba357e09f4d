package dev.herald.api;

import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.bindingsPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.ProviderConfig;
import dev.herald.config.SmsConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.FakeSms;
import dev.herald.testing.LoopbackApi;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live SMS end to end ({@code --delivery live} against {@link FakeSms}, named by {@code --sms-url}, as the account of
 * {@code HERALD_SMS_ACCOUNT_SID} and {@code HERALD_SMS_AUTH_TOKEN}): the Messages API form field by field with
 * HTTP Basic, the Message SID kept, 21211/21614 deleting the Binding, 429 and 5xx retried, other 4xx rejected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmsDeliveryTest {
    private static final String ACCOUNT = "AC" + "5".repeat(32);
    private static final String TOKEN = "sms-auth-token-" + "7".repeat(16);
    private static final LoopbackApi SMS = FakeSms.start(ACCOUNT, TOKEN);
    private static final AtomicLong NUMBERS = new AtomicLong(5_550_000);
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start()
            .live(() -> ProviderConfig.defaults().withSms(new SmsConfig(URI.create(SMS.url()), ACCOUNT, TOKEN)));
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @AfterAll
    static void stop() {
        SMS.close();
    }

    private static String number() {
        return "+1555" + NUMBERS.incrementAndGet();
    }

    private String service(String messagingService) {
        return fixture.serviceWith("MessagingServiceSid", messagingService);
    }

    private JsonNode sendAndAwait(String service, String... keysAndValues) {
        return Sends.sendAndAwait(http, service, 40, keysAndValues);
    }

    private Map<String, JsonNode> deliveries(String service, JsonNode counts) {
        return Sends.byAddress(http, service, counts.get("sid").asText(), "");
    }

    @Test
    void theMessagesApiGetsEveryFieldAsTheConfiguredAccountAndTheMessageSidIsKept() {
        String messaging = Sids.next(Sids.MESSAGING_SERVICE);
        String service = service(messaging);
        String to = number();
        String direct = number();
        fixture.binding(service, "alice", "sms", to);

        JsonNode counts = sendAndAwait(service, "Identity", "alice", "Body", "Hello & welcome", "Title", "ignored",
                "Sms", "{\"media_urls\":[\"https://example.com/a.png\",\"https://example.com/b.png\"],"
                        + "\"status_callback\":\"https://example.com/status\",\"max_price\":\"0.05\"}");
        JsonNode viaToBinding = sendAndAwait(service, "ToBinding",
                "{\"binding_type\":\"sms\",\"address\":\"" + direct + "\"}", "Body", "direct");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        LoopbackApi.Received got = SMS.received(to).get(0);
        assertThat(got.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
        assertThat(got.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(got.form()).containsOnlyKeys("To", "Body", "MediaUrl", "MessagingServiceSid", "StatusCallback",
                "MaxPrice");
        assertThat(got.form().get("To")).containsExactly(to);
        assertThat(got.form().get("Body")).containsExactly("Hello & welcome");
        assertThat(got.form().get("MediaUrl")).containsExactly("https://example.com/a.png", "https://example.com/b.png");
        assertThat(got.form().get("MessagingServiceSid")).containsExactly(messaging);
        assertThat(got.form().get("StatusCallback")).containsExactly("https://example.com/status");
        assertThat(got.form().get("MaxPrice")).containsExactly("0.05");
        JsonNode delivery = deliveries(service, counts).get(to);
        assertThat(delivery.get("provider_message_id").asText()).matches("SM[0-9a-f]{32}");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);

        assertThat(viaToBinding.get("delivered").asInt()).isEqualTo(1);
        assertThat(SMS.received(direct).get(0).field("Body")).isEqualTo("direct");
    }

    @Test
    void invalidAndNonMobileNumbersDeleteTheirBindingsOtherRefusalsDoNot() {
        String service = service(Sids.next(Sids.MESSAGING_SERVICE));
        String invalid = number();
        String landline = number();
        String blocked = number();
        String invalidSid = fixture.binding(service, "bob", "sms", invalid);
        String landlineSid = fixture.binding(service, "bob", "sms", landline);
        String blockedSid = fixture.binding(service, "bob", "sms", blocked);
        SMS.script(invalid, FakeSms.error(400, 21211, null));
        SMS.script(landline, FakeSms.error(400, 21614, null));
        SMS.script(blocked, FakeSms.error(400, 21610, null));

        JsonNode counts = sendAndAwait(service, "Identity", "bob", "Body", "x");

        assertThat(counts.get("rejected").asInt()).isEqualTo(3);
        Map<String, JsonNode> d = deliveries(service, counts);
        assertThat(d.get(invalid).get("error_code").asInt()).isEqualTo(52309);
        assertThat(d.get(invalid).get("error_message").asText()).contains("21211").doesNotContain(invalid)
                .doesNotContain("+1555");
        assertThat(d.get(blocked).get("error_message").asText()).contains("21610");
        assertThat(d.get(blocked).get("attempts").asInt()).isEqualTo(1);
        assertThat(http.get(bindingsPath(service) + "/" + invalidSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + landlineSid).status()).isEqualTo(404);
        assertThat(http.get(bindingsPath(service) + "/" + blockedSid).status()).isEqualTo(200);
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedNotBeforeRetryAfter() {
        String service = service(Sids.next(Sids.MESSAGING_SERVICE));
        String to = number();
        fixture.binding(service, "carol", "sms", to);
        SMS.script(to, FakeSms.error(429, 20429, "2"), FakeSms.error(503, 20503, null));

        JsonNode counts = sendAndAwait(service, "Identity", "carol", "Body", "x");

        assertThat(counts.get("delivered").asInt()).isEqualTo(1);
        assertThat(deliveries(service, counts).get(to).get("attempts").asInt()).isEqualTo(3);
        List<LoopbackApi.Received> got = SMS.received(to);
        assertThat(got).hasSize(3);
        assertThat(got.get(1).atMillis() - got.get(0).atMillis()).as("waited for Retry-After: 2")
                .isGreaterThanOrEqualTo(1900);
    }

    @Test
    void anSmsWithoutBodyOrMediaIsRefusedWhenOnlySmsIsTargetedAndRejectedOtherwise() {
        String service = service(Sids.next(Sids.MESSAGING_SERVICE));
        String to = number();
        fixture.binding(service, "dave", "sms", to);
        String notifications = "/v1/Services/" + service + "/Notifications";

        assertInvalid(http.post(notifications, RawHttp.form("Tag", "sms", "Title", "no body")), "Body");
        assertInvalid(http.post(notifications, RawHttp.form("ToBinding",
                "{\"binding_type\":\"sms\",\"address\":\"" + to + "\"}", "Sms", "{\"max_price\":\"1\"}")), "Body");
        JsonNode counts = sendAndAwait(service, "Identity", "dave", "Title", "no body");

        assertThat(counts.get("rejected").asInt()).isEqualTo(1);
        assertThat(deliveries(service, counts).get(to).get("error_code").asInt()).isEqualTo(21602);
        assertThat(SMS.received(to)).isEmpty();
        JsonNode media = sendAndAwait(service, "Tag", "sms", "Sms", "{\"media_urls\":[\"https://example.com/c.png\"]}");
        assertThat(media.get("delivered").asInt()).isEqualTo(1);
        assertThat(SMS.received(to).get(0).form()).doesNotContainKey("Body");
    }
}
