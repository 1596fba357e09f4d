package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.security.RequestValidator;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.LoopbackApi;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestSecrets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery callbacks end to end (sandbox delivery): each final outcome and each retry POSTed to the Notification's or
 * the Service's callback URL, field by field, with an {@code X-Twilio-Signature} that the official Java library's
 * {@link RequestValidator} accepts; none without {@code DeliveryCallbackEnabled}; a slow endpoint holds up nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallbackDeliveryTest {
    private static final LoopbackApi RECEIVER = new LoopbackApi(r -> r.field("Identity"),
            (r, scripted) -> new LoopbackApi.Reply(200, "{}", null));
    /** Answers each callback after 4 s. */
    private static final LoopbackApi SLOW = new LoopbackApi(r -> r.field("Identity"), (r, scripted) -> {
        try {
            Thread.sleep(4000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LoopbackApi.Reply(200, "{}", null);
    });
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @AfterAll
    static void stop() {
        RECEIVER.close();
        SLOW.close();
    }

    private String service(String... more) {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", TestSecrets.serviceAccount("callbacks"));
        List<String> params = new java.util.ArrayList<>(List.of("FcmCredentialSid", fcm));
        params.addAll(List.of(more));
        return fixture.serviceWith(params.toArray(String[]::new));
    }

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            v = value.get();
        }
        return v;
    }

    @Test
    void everyOutcomeAndRetryIsPostedSignedWithEveryField() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String service = service("DeliveryCallbackEnabled", "true", "DeliveryCallbackUrl",
                RECEIVER.url() + "/service-callback?tag=" + tag);
        String alice = "alice-" + tag;
        String bob = "bob-" + tag;
        String carol = "carol-" + tag;
        String aliceBinding = fixture.binding(service, alice, "fcm", "token-" + tag);
        fixture.binding(service, bob, "fcm", "invalid-" + tag);
        fixture.binding(service, carol, "fcm", "flaky-" + tag);

        JsonNode counts = Sends.sendAndAwait(http, service, 40, "Identity", alice, "Identity", bob, "Identity", carol,
                "Body", "hello");
        List<LoopbackApi.Received> forCarol = await(() -> RECEIVER.received(carol), l -> l.size() >= 3);
        LoopbackApi.Received forAlice = await(() -> RECEIVER.received(alice), l -> !l.isEmpty()).get(0);
        LoopbackApi.Received forBob = await(() -> RECEIVER.received(bob), l -> !l.isEmpty()).get(0);

        String sid = counts.get("sid").asText();
        Map<String, List<String>> a = forAlice.form();
        assertThat(forAlice.path()).isEqualTo("/service-callback");
        assertThat(a.keySet()).containsExactly("NotificationSid", "ServiceSid", "AccountSid", "BindingSid",
                "BindingType", "Identity", "Status", "Retrying", "ProviderMessageId", "Attempt", "Timestamp");
        assertThat(forAlice.field("NotificationSid")).isEqualTo(sid);
        assertThat(forAlice.field("ServiceSid")).isEqualTo(service);
        assertThat(forAlice.field("AccountSid")).isEqualTo(herald.accountSid());
        assertThat(forAlice.field("BindingSid")).isEqualTo(aliceBinding);
        assertThat(forAlice.field("BindingType")).isEqualTo("fcm");
        assertThat(forAlice.field("Status")).isEqualTo("delivered");
        assertThat(forAlice.field("Retrying")).isEqualTo("false");
        assertThat(forAlice.field("ProviderMessageId")).startsWith("projects/");
        assertThat(forAlice.field("Attempt")).isEqualTo("1");
        assertThat(forAlice.field("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(forBob.field("Status")).isEqualTo("rejected");
        assertThat(forBob.field("ErrorCode")).isEqualTo("52103");
        assertThat(forBob.field("ErrorMessage")).isNotEmpty();
        assertThat(forCarol).extracting(r -> r.field("Status") + " " + r.field("Retrying") + " " + r.field("Attempt"))
                .containsExactly("failed true 1", "failed true 2", "delivered false 3");
        assertThat(forCarol.get(0).field("ErrorCode")).isEqualTo("52309");

        RequestValidator validator = new RequestValidator(herald.authToken());
        for (LoopbackApi.Received r : List.of(forAlice, forBob, forCarol.get(0), forCarol.get(2))) {
            Map<String, String> params = new java.util.HashMap<>();
            r.form().forEach((k, v) -> params.put(k, v.get(0)));
            String url = RECEIVER.url() + "/service-callback?tag=" + tag;
            assertThat(validator.validate(url, params, r.header("X-Twilio-Signature"))).as(r.body()).isTrue();
            params.put("Status", "tampered");
            assertThat(validator.validate(url, params, r.header("X-Twilio-Signature"))).isFalse();
        }
    }

    @Test
    void theNotificationsUrlWinsAndADisabledServiceSendsNone() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String enabled = service("DeliveryCallbackEnabled", "true", "DeliveryCallbackUrl", RECEIVER.url() + "/s");
        String disabled = service("DeliveryCallbackUrl", RECEIVER.url() + "/s");
        fixture.binding(enabled, "dave-" + tag, "fcm", "token-d-" + tag);
        fixture.binding(disabled, "erin-" + tag, "fcm", "token-e-" + tag);

        Sends.sendAndAwait(http, enabled, 40, "Identity", "dave-" + tag, "Body", "x",
                "DeliveryCallbackUrl", RECEIVER.url() + "/notification");
        Sends.sendAndAwait(http, disabled, 40, "Identity", "erin-" + tag, "Body", "x",
                "DeliveryCallbackUrl", RECEIVER.url() + "/notification");

        assertThat(await(() -> RECEIVER.received("dave-" + tag), l -> !l.isEmpty()).get(0).path())
                .isEqualTo("/notification");
        assertThat(RECEIVER.received("erin-" + tag)).isEmpty();
    }

    @Test
    @Order(3) // last: its callbacks keep the sender's requests busy for a while
    void aSlowEndpointHoldsUpNoDelivery() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String service = service("DeliveryCallbackEnabled", "true", "DeliveryCallbackUrl", SLOW.url() + "/slow");
        for (int i = 0; i < 40; i++) {
            fixture.binding(service, "slow-" + i + "-" + tag, "fcm", "token-s-" + i + "-" + tag, "vip");
        }
        long t0 = System.nanoTime();
        JsonNode counts = Sends.sendAndAwait(http, service, 40, "Tag", "vip", "Body", "x");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(counts.get("delivered").asInt()).isEqualTo(40);
        assertThat(millis).as("done while the callbacks (4 s each, 32 at once) are still under way").isLessThan(4000);
    }
}
