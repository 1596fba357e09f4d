package dev.herald.api;

import static dev.herald.api.Api.UNKNOWN_SERVICE;
import static dev.herald.api.Api.assertError;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.assertNotFound;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.enc;
import static dev.herald.api.Api.fieldNames;
import static dev.herald.api.Api.ok;
import static dev.herald.api.Api.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/Services/{ServiceSid}/Notifications} over raw HTTP: each refusal names its parameter, the echo is
 * the spec's shape byte for byte in key order, and the reads (list, fetch, deliveries) page like every other list.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationRulesTest {
    static final List<String> ECHO_KEYS = List.of("sid", "account_sid", "service_sid", "date_created", "identities",
            "tags", "segments", "priority", "ttl", "title", "body", "sound", "action", "data", "apn", "fcm", "gcm",
            "sms", "facebook_messenger", "alexa");
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    static String path(String service) {
        return "/v1/Services/" + service + "/Notifications";
    }

    private Reply post(String service, String... keysAndValues) {
        return http.post(path(service), RawHttp.form(keysAndValues));
    }

    private JsonNode send(String service, String... keysAndValues) {
        return created(post(service, keysAndValues));
    }

    private List<String> listed(String service) {
        return Api.listAll(http, path(service), "notifications");
    }

    @Test
    void theSpecExampleEchoesInTheSpecsKeyOrder() {
        String service = fixture.service();
        Reply reply = post(service, "Identity", "jing", "Body", "body", "Priority", "high", "Title", "test");
        JsonNode n = created(reply);
        assertThat(fieldNames(n)).containsExactlyElementsOf(ECHO_KEYS);
        assertThat(n.get("sid").asText()).matches("NT[0-9a-f]{32}");
        assertThat(n.get("account_sid").asText()).isEqualTo(herald.accountSid());
        assertThat(n.get("service_sid").asText()).isEqualTo(service);
        assertThat(n.get("date_created").asText()).matches(Api.DATE);
        assertThat(texts(n.get("identities"))).containsExactly("jing");
        assertThat(n.get("tags").isArray() && n.get("tags").isEmpty()).isTrue();
        assertThat(n.get("segments").isArray() && n.get("segments").isEmpty()).isTrue();
        assertThat(n.get("ttl").isInt()).isTrue();
        String tail = reply.body().substring(reply.body().indexOf("\"identities\""));
        assertThat(tail).isEqualTo("\"identities\":[\"jing\"],\"tags\":[],\"segments\":[],\"priority\":\"high\","
                + "\"ttl\":2419200,\"title\":\"test\",\"body\":\"body\",\"sound\":null,\"action\":null,\"data\":null,"
                + "\"apn\":null,\"fcm\":null,\"gcm\":null,\"sms\":null,\"facebook_messenger\":null,\"alexa\":null}");
        assertThat(reply.body()).doesNotContain("\"url\"").doesNotContain("\"links\"");
    }

    @Test
    void ttlAndPriorityDefaults() {
        String service = fixture.service();
        JsonNode n = send(service, "Identity", "a");
        assertThat(n.get("priority").asText()).isEqualTo("high");
        assertThat(n.get("ttl").asInt()).isEqualTo(2_419_200);
        JsonNode low = send(service, "Identity", "a", "Priority", "low", "Ttl", "0");
        assertThat(low.get("priority").asText()).isEqualTo("low");
        assertThat(low.get("ttl").asInt()).isZero();
    }

    @Test
    void toBindingIsNotEchoedAndIdentitiesAreEmpty() {
        String service = fixture.service();
        JsonNode n = send(service, "ToBinding", "{\"binding_type\":\"apn\", \"address\":\"0efb85d0\"}",
                "ToBinding", "{\"binding_type\":\"sms\",\"address\":\"+15555550100\"}", "Body", "body");
        assertThat(fieldNames(n)).containsExactlyElementsOf(ECHO_KEYS);
        assertThat(n.get("identities").isArray() && n.get("identities").isEmpty()).isTrue();
        assertThat(n.get("title").isNull()).isTrue();
        assertThat(n.toString()).doesNotContain("0efb85d0").doesNotContain("+15555550100");
    }

    @Test
    void jsonParametersAreEchoedAsObjectsWithTheirNumbersAndOrder() {
        String service = fixture.service();
        Reply reply = post(service, "Identity", "a", "Data", "{\"z\":\"1\",\"price\":1.50,\"n\":{\"k\":null}}",
                "Sms", "{\"body\":\"b\",\"media_urls\":[\"https://example.com/a.png\"]}", "Alexa", "{}");
        JsonNode n = created(reply);
        assertThat(reply.body()).contains("\"data\":{\"z\":\"1\",\"price\":1.50,\"n\":{\"k\":null}}");
        assertThat(n.get("sms").get("media_urls").get(0).asText()).isEqualTo("https://example.com/a.png");
        assertThat(n.get("alexa").isObject()).isTrue();
        assertThat(n.get("apn").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Data", "Apn", "Fcm", "Gcm", "Sms", "FacebookMessenger", "Alexa"})
    void jsonParametersMustBeValidJsonObjects(String parameter) {
        String service = fixture.service();
        for (String bad : List.of("{\"secret-value\":", "not json secret-value", "[\"secret-value\"]",
                "\"secret-value\"", "42", "null", "{\"a\":1}{\"secret-value\":2}")) {
            Reply reply = post(service, "Identity", "a", parameter, bad);
            assertInvalid(reply, parameter);
            assertThat(reply.body()).doesNotContain("secret-value");
        }
        assertThat(listed(service)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Data", "Apn", "Fcm", "Gcm"})
    void reservedKeysAreRefused(String parameter) {
        String service = fixture.service();
        assertInvalid(post(service, "Identity", "a", parameter, "{\"twi_body\":\"x\"}"), parameter);
    }

    @Test
    void fcmAndGcmRefuseAddressingKeysAndReservedDataKeys() {
        String service = fixture.service();
        for (String key : List.of("to", "registration_ids", "condition", "notification_key")) {
            assertInvalid(post(service, "Identity", "a", "Fcm", "{\"" + key + "\":\"x\"}"), "Fcm");
        }
        for (String key : List.of("to", "registration_ids", "notification_key")) {
            assertInvalid(post(service, "Identity", "a", "Gcm", "{\"" + key + "\":\"x\"}"), "Gcm");
        }
        assertInvalid(post(service, "Identity", "a", "Fcm", "{\"data\":{\"twi_title\":\"x\"}}"), "Fcm");
        assertInvalid(post(service, "Identity", "a", "Gcm", "{\"data\":{\"twi_title\":\"x\"}}"), "Gcm");
        assertInvalid(post(service, "Identity", "a", "Sms", "{\"from\":\"x\"}"), "Sms");
        assertInvalid(post(service, "Identity", "a", "Sms", "{\"media_urls\":\"https://example.com/a\"}"), "Sms");
        assertThat(listed(service)).isEmpty();
    }

    @Test
    void targetRules() {
        String service = fixture.service();
        String direct = "{\"binding_type\":\"sms\",\"address\":\"+15555550100\"}";
        Reply both = post(service, "Identity", "a", "ToBinding", direct);
        assertInvalid(both, "ToBinding");
        assertThat(both.json().get("message").asText())
                .contains("Direct notifications and query notifications can not be requested together")
                .doesNotContain("+15555550100");
        assertInvalid(post(service, "Tag", "all", "ToBinding", direct), "ToBinding");
        assertInvalid(post(service, "Segment", "s", "ToBinding", direct), "ToBinding");
        assertInvalid(post(service, "Body", "nobody"), "Identity");
        List<String> identities = new ArrayList<>();
        IntStream.range(0, 21).forEach(i -> identities.addAll(List.of("Identity", "id" + i)));
        assertInvalid(post(service, identities.toArray(String[]::new)), "Identity");
        assertInvalid(post(service, "Tag", "1", "Tag", "2", "Tag", "3", "Tag", "4", "Tag", "5", "Tag", "6"), "Tag");
        assertThat(listed(service)).isEmpty();
        send(service, identities.subList(0, 40).toArray(String[]::new));
        send(service, "Tag", "1", "Tag", "2", "Tag", "3", "Tag", "4", "Tag", "5");
        JsonNode segment = send(service, "Segment", "old");
        assertThat(texts(segment.get("segments"))).containsExactly("old");
    }

    @Test
    void toBindingElementsAreChecked() {
        String service = fixture.service();
        for (String bad : List.of("", "not json", "[]", "\"sms\"", "{\"address\":\"x\"}",
                "{\"binding_type\":\"email\",\"address\":\"x\"}", "{\"binding_type\":\"apn\"}",
                "{\"binding_type\":\"apn\",\"address\":\"\"}", "{\"binding_type\":\"apn\",\"address\":5}",
                "{\"binding_type\":\"sms\",\"address\":\"5555550199\"}")) {
            Reply reply = post(service, "ToBinding", bad);
            assertInvalid(reply, "ToBinding");
            assertThat(reply.body()).doesNotContain("5555550199");
        }
        assertThat(listed(service)).isEmpty();
    }

    @Test
    void ttlPriorityAndCallbackAreChecked() {
        String service = fixture.service();
        for (String ttl : List.of("-1", "2419201", "abc", "1.5", "+5")) {
            assertInvalid(post(service, "Identity", "a", "Ttl", ttl), "Ttl");
        }
        assertInvalid(post(service, "Identity", "a", "Priority", "medium"), "Priority");
        assertInvalid(post(service, "Identity", "a", "DeliveryCallbackUrl", "hello"), "DeliveryCallbackUrl");
        assertInvalid(post(service, "Identity", "a", "Body", "b".repeat(4097)), "Body");
        assertThat(listed(service)).isEmpty();
    }

    @Test
    void unknownOrMalformedServiceIsNotFound() {
        assertNotFound(post(UNKNOWN_SERVICE, "Identity", "a"), "/Services/" + UNKNOWN_SERVICE + "/Notifications");
        assertNotFound(post("IS123", "Identity", "a"), "/Services/IS123/Notifications");
        assertNotFound(http.get(path(UNKNOWN_SERVICE)), "/Services/" + UNKNOWN_SERVICE + "/Notifications");
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String service = fixture.service();
        String big = RawHttp.form("Identity", "a", "Data", "{\"k\":\"" + "x".repeat(MIB) + "\"}");
        assertError(http.post(path(service), big), 413, 20413);
        assertThat(listed(service)).isEmpty();
    }

    @Test
    void manyToBindingsFitUnderTheLimit() {
        String service = fixture.service();
        StringBuilder form = new StringBuilder("Body=hi");
        for (int i = 0; i < 10_000; i++) {
            form.append("&ToBinding=").append(enc("{\"binding_type\":\"sms\",\"address\":\"+1555" + (1_000_000 + i)
                    + "\"}"));
        }
        assertThat(form.length()).isLessThan(MIB);
        created(http.post(path(service), form.toString()));
    }

    @Test
    void fetchListAndDeliveries() {
        String service = fixture.service();
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sids.add(0, send(service, "Identity", "user-" + i, "Data", "{\"i\":" + i + "}").get("sid").asText());
        }
        JsonNode fetched = ok(http.get(path(service) + "/" + sids.get(0)));
        List<String> keys = new ArrayList<>(ECHO_KEYS);
        keys.add("delivery");
        assertThat(fieldNames(fetched)).containsExactlyElementsOf(keys);
        assertThat(fieldNames(fetched.get("delivery")))
                .containsExactly("state", "total", "queued", "delivered", "rejected", "expired", "warning");
        assertThat(fetched.get("data").get("i").asInt()).isEqualTo(4);

        List<JsonNode> pages = Api.pages(http, path(service) + "?PageSize=2");
        assertThat(pages).hasSize(3);
        List<String> listed = new ArrayList<>();
        pages.forEach(p -> listed.addAll(Api.sids(p, "notifications")));
        // newest first: by date_created, then (within one second) by SID, both descending
        assertThat(listed).containsExactlyInAnyOrderElementsOf(sids);
        List<String> expected = new ArrayList<>(listed);
        expected.sort(java.util.Comparator.comparing((String sid) -> dateCreated(service, sid)).thenComparing(sid -> sid)
                .reversed());
        assertThat(listed).as("newest first").containsExactlyElementsOf(expected);
        assertThat(pages.get(0).get("meta").get("key").asText()).isEqualTo("notifications");
        String previous = pages.get(1).get("meta").get("previous_page_url").asText();
        assertThat(Api.sids(ok(http.get(previous)), "notifications")).containsExactlyElementsOf(listed.subList(0, 2));

        JsonNode deliveries = ok(http.get(path(service) + "/" + sids.get(0) + "/Deliveries?Status=queued"));
        assertThat(deliveries.get("meta").get("key").asText()).isEqualTo("deliveries");
        assertThat(deliveries.get("deliveries").isArray()).isTrue();
        assertInvalid(http.get(path(service) + "/" + sids.get(0) + "/Deliveries?Status=sent"), "Status");
        String unknown = "NT" + "0".repeat(32);
        assertNotFound(http.get(path(service) + "/" + unknown), "/Services/" + service + "/Notifications/" + unknown);
        assertNotFound(http.get(path(service) + "/" + unknown + "/Deliveries"),
                "/Services/" + service + "/Notifications/" + unknown + "/Deliveries");
    }

    @Test
    void aDirectNotificationHasOneDeliveryPerAddress() {
        String service = fixture.service();
        String sid = send(service, "Body", "hi",
                "ToBinding", "{\"binding_type\":\"apn\",\"address\":\"tok-1\"}",
                "ToBinding", "{\"binding_type\":\"fcm\",\"address\":\"tok-2\"}").get("sid").asText();
        JsonNode page = ok(http.get(path(service) + "/" + sid + "/Deliveries?PageSize=1"));
        List<JsonNode> all = new ArrayList<>();
        Api.pages(http, path(service) + "/" + sid + "/Deliveries?PageSize=1")
                .forEach(p -> p.get("deliveries").forEach(all::add));
        assertThat(all).hasSize(2);
        assertThat(fieldNames(all.get(0))).containsExactly("binding_sid", "binding_type", "identity", "address",
                "status", "attempts", "error_code", "error_message", "provider_message_id", "date_created",
                "date_updated", "request");
        assertThat(all.get(0).get("binding_sid").isNull()).isTrue();
        assertThat(page.get("meta").get("next_page_url").asText()).contains("PageToken=PA0_");
    }

    private String dateCreated(String service, String sid) {
        return ok(http.get(path(service) + "/" + sid)).get("date_created").asText();
    }
}
