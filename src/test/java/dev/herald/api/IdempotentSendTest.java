package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static dev.herald.api.Api.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.service.Notification;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import dev.herald.testing.Sends;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TwilioSdk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code I-Twilio-Idempotency-Token} on a Notification create: a repeat in the same Service answers the original
 * 201 and sends nothing more, also when the repeats race; another request with the token is a 409.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdempotentSendTest {
    private static final String HEADER = "I-Twilio-Idempotency-Token";
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private String service() {
        String service = fixture.serviceWith("MessagingServiceSid", "MG" + "c".repeat(32));
        fixture.binding(service, "alice", "sms", "+15555550101");
        fixture.binding(service, "alice", "sms", "+15555550102");
        return service;
    }

    private static String token() {
        return "order-" + UUID.randomUUID();
    }

    /** A create with {@code token} (none when null) and the already-encoded {@code form}. */
    private Reply send(String service, String token, String form) {
        return http.post("/v1/Services/" + service + "/Notifications", form, HEADER, token);
    }

    private List<JsonNode> notifications(String service) {
        List<JsonNode> all = new ArrayList<>();
        http.get("/v1/Services/" + service + "/Notifications?PageSize=1000").json().get("notifications")
                .forEach(all::add);
        return all;
    }

    @Test
    void aRepeatAnswersTheOriginal201AndSendsNothingMore() {
        String service = service();
        String token = token();
        Reply first = send(service, token, "Identity=alice&Body=Hello&Tag=vip");
        // the same parameters in another order and encoding are the same request
        Reply again = send(service, token, "Tag=vip&Body=H%65llo&Identity=alice");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(notifications(service)).hasSize(1);
        String sid = first.json().get("sid").asText();
        JsonNode counts = Sends.awaitDone(http, Sends.path(service, sid), 20);
        assertThat(counts.get("total").asInt()).isZero(); // alice has no vip Binding

        Reply direct = send(service, token + "-direct", "Identity=alice&Body=Hi");
        Reply directAgain = send(service, token + "-direct", "Identity=alice&Body=Hi");
        assertThat(directAgain.body()).isEqualTo(direct.body());
        JsonNode done = Sends.awaitDone(http, Sends.path(service, direct.json().get("sid").asText()), 20);
        assertThat(done.get("total").asInt()).as("two Bindings, each delivered once").isEqualTo(2);
        assertThat(notifications(service)).hasSize(2);
    }

    @Test
    void theTokenWithAnotherRequestIs409AndOtherServicesAndNoTokenAreIndependent() {
        String service = service();
        String other = service();
        String token = token();
        Reply first = send(service, token, "Identity=alice&Body=Hello");

        String conflict = assertError(send(service, token, "Identity=alice&Body=Goodbye"), 409, 20409);
        assertThat(conflict).contains(HEADER);
        Reply elsewhere = send(other, token, "Identity=alice&Body=Goodbye");
        Reply plain1 = send(service, null, "Identity=alice&Body=Hello");
        Reply plain2 = send(service, "", "Identity=alice&Body=Hello");

        assertThat(elsewhere.status()).isEqualTo(201);
        assertThat(elsewhere.json().get("sid").asText()).isNotEqualTo(first.json().get("sid").asText());
        assertThat(plain1.json().get("sid").asText()).isNotEqualTo(plain2.json().get("sid").asText());
        assertThat(notifications(service)).hasSize(3);
        assertInvalid(send(service, "x".repeat(257), "Identity=alice&Body=Hello"), HEADER);
        assertInvalid(send(service, "tab\there", "Identity=alice&Body=Hello"), HEADER);
        assertThat(notifications(service)).hasSize(3);
    }

    @Test
    void racingRepeatsStoreOneNotification() throws Exception {
        String service = service();
        String token = token();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Reply>> sends = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sends.add(() -> send(service, token, "Identity=alice&Body=race"));
            }
            Set<String> bodies = new HashSet<>();
            for (Future<Reply> f : pool.invokeAll(sends, 30, TimeUnit.SECONDS)) {
                Reply r = f.get();
                assertThat(r.status()).isEqualTo(201);
                bodies.add(r.body());
            }
            assertThat(bodies).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(notifications(service)).hasSize(1);
    }

    @Test
    void theOfficialJavaClientSendsOnceWithTheHeaderOnItsRequest() {
        String service = service();
        String token = token();
        TwilioRestClient client = TwilioSdk.withHeader(herald.server(), HEADER, token);

        Notification first = Notification.creator(service).setIdentity("alice").setBody("once").create(client);
        Notification again = Notification.creator(service).setIdentity("alice").setBody("once").create(client);
        ApiException conflict = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> Notification.creator(service).setIdentity("alice").setBody("twice").create(client));

        assertThat(again.getSid()).isEqualTo(first.getSid());
        assertThat(again.getDateCreated()).isEqualTo(first.getDateCreated());
        assertThat(conflict.getStatusCode()).isEqualTo(409);
        assertThat(conflict.getCode()).isEqualTo(20409);
        assertThat(notifications(service)).hasSize(1);
    }
}
