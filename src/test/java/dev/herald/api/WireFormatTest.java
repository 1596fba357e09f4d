package dev.herald.api;

import static dev.herald.api.Api.DATE;
import static dev.herald.api.Api.META_KEYS;
import static dev.herald.api.Api.SID;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.enc;
import static dev.herald.api.Api.fieldNames;
import static dev.herald.api.Api.noContent;
import static dev.herald.api.Api.ok;
import static dev.herald.api.Api.query;
import static dev.herald.api.Api.sids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Status codes, JSON shapes, date and SID formats, and the list envelope with its paging URLs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireFormatTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private static void assertDates(JsonNode resource) {
        assertThat(resource.get("date_created").asText()).matches(DATE);
        assertThat(resource.get("date_updated").asText()).matches(DATE);
    }

    @Test
    void serviceLifecycleStatusCodesAndFormats() {
        JsonNode service = created(http.post("/v1/Services", RawHttp.form("FriendlyName", "wire")));
        String sid = service.get("sid").asText();
        assertThat(sid).matches(SID).startsWith("IS");
        assertThat(service.get("account_sid").asText()).matches(SID).isEqualTo(herald.accountSid());
        assertDates(service);
        assertThat(fieldNames(service)).containsExactlyInAnyOrder("sid", "account_sid", "friendly_name",
                "date_created", "date_updated", "apn_credential_sid", "gcm_credential_sid", "fcm_credential_sid",
                "messaging_service_sid", "facebook_messenger_page_id", "default_apn_notification_protocol_version",
                "default_gcm_notification_protocol_version", "default_fcm_notification_protocol_version",
                "log_enabled", "url", "links", "alexa_skill_id", "default_alexa_notification_protocol_version",
                "delivery_callback_url", "delivery_callback_enabled");
        assertThat(service.get("log_enabled").isBoolean()).isTrue();
        assertThat(service.get("delivery_callback_enabled").isBoolean()).isTrue();
        assertThat(fieldNames(service.get("links"))).containsExactlyInAnyOrder("bindings", "notifications",
                "segments", "users");

        JsonNode fetched = ok(http.get("/v1/Services/" + sid));
        assertThat(fetched).isEqualTo(service);
        JsonNode updated = ok(http.post("/v1/Services/" + sid, RawHttp.form("FriendlyName", "wire2")));
        assertThat(updated.get("friendly_name").asText()).isEqualTo("wire2");
        assertDates(updated);
        ok(http.get("/v1/Services"));
        noContent(http.delete("/v1/Services/" + sid));
    }

    @Test
    void credentialLifecycleStatusCodesAndFormats() {
        JsonNode credential = created(http.post("/v1/Credentials",
                RawHttp.form("Type", "fcm", "FriendlyName", "c", "Secret", TestSecrets.SERVICE_ACCOUNT)));
        String sid = credential.get("sid").asText();
        assertThat(sid).matches(SID).startsWith("CR");
        assertThat(credential.get("account_sid").asText()).isEqualTo(herald.accountSid());
        assertDates(credential);
        assertThat(fieldNames(credential)).containsExactlyInAnyOrder("sid", "account_sid", "friendly_name", "type",
                "sandbox", "date_created", "date_updated", "url");
        assertThat(credential.toString()).doesNotContain("s3cr3t");
        JsonNode fetched = ok(http.get("/v1/Credentials/" + sid));
        assertThat(fetched).isEqualTo(credential);
        JsonNode updated = ok(http.post("/v1/Credentials/" + sid, RawHttp.form("FriendlyName", "c2")));
        assertDates(updated);
        ok(http.get("/v1/Credentials"));
        noContent(http.delete("/v1/Credentials/" + sid));
    }

    @Test
    void bindingLifecycleStatusCodesAndFormats() {
        String service = fixture.service("b");
        JsonNode binding = fixture.bindingJson(service, "alice", "apn", "token-wire", "vip");
        String sid = binding.get("sid").asText();
        assertThat(sid).matches(SID).startsWith("BS");
        assertThat(binding.get("service_sid").asText()).isEqualTo(service);
        assertThat(binding.get("account_sid").asText()).isEqualTo(herald.accountSid());
        assertDates(binding);
        assertThat(fieldNames(binding)).containsExactlyInAnyOrder("sid", "account_sid", "service_sid",
                "credential_sid", "date_created", "date_updated", "notification_protocol_version", "endpoint",
                "identity", "binding_type", "address", "tags", "url", "links");
        assertThat(binding.get("tags").isArray()).isTrue();
        assertThat(fieldNames(binding.get("links"))).containsExactly("user");
        JsonNode fetched = ok(http.get(bindingsPath(service) + "/" + sid));
        assertThat(fetched).isEqualTo(binding);
        JsonNode list = ok(http.get(bindingsPath(service)));
        assertThat(list.get("bindings")).hasSize(1);
        assertDates(list.get("bindings").get(0));
        noContent(http.delete(bindingsPath(service) + "/" + sid));
        noContent(http.delete("/v1/Services/" + service));
    }

    @ParameterizedTest
    @ValueSource(strings = {"services", "credentials", "bindings"})
    void listEnvelopeHasExactlyTheKeyAndSevenMetaKeys(String key) {
        String service = fixture.service();
        String path = switch (key) {
            case "services" -> "/v1/Services";
            case "credentials" -> "/v1/Credentials";
            default -> bindingsPath(service);
        };
        JsonNode list = ok(http.get(path));
        assertThat(fieldNames(list)).containsExactlyInAnyOrder(key, "meta");
        assertThat(list.has("uri")).isFalse();
        assertThat(list.get(key).isArray()).isTrue();
        JsonNode meta = list.get("meta");
        assertThat(fieldNames(meta)).containsExactlyInAnyOrderElementsOf(META_KEYS);
        assertThat(meta.get("key").asText()).isEqualTo(key);
        assertThat(meta.get("page").asInt()).isZero();
        assertThat(meta.get("page_size").asInt()).isEqualTo(50);
        assertThat(meta.get("previous_page_url").isNull()).isTrue();
        assertThat(meta.get("next_page_url").isNull()).isTrue();
        Map<String, List<String>> first = query(meta.get("first_page_url").asText());
        assertThat(first).containsEntry("PageSize", List.of("50")).containsEntry("Page", List.of("0"))
                .doesNotContainKey("PageToken");
        assertThat(query(meta.get("url").asText())).containsEntry("PageSize", List.of("50"))
                .containsEntry("Page", List.of("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "1.5", "99999999999"})
    void badPageSizeIsRejected(String size) {
        String service = fixture.service();
        for (String path : List.of("/v1/Services", "/v1/Credentials", bindingsPath(service))) {
            assertInvalid(http.get(path + "?PageSize=" + enc(size)), "PageSize");
        }
    }

    @Test
    void pageSizeBoundsAreAccepted() {
        JsonNode max = ok(http.get("/v1/Services?PageSize=1000"));
        assertThat(max.get("meta").get("page_size").asInt()).isEqualTo(1000);
        JsonNode min = ok(http.get("/v1/Credentials?PageSize=1"));
        assertThat(min.get("meta").get("page_size").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "PA", "PAxyz", "PA12_ISnothex", "PT" + "a", "PA1_XX", "%00"})
    void garbagePageTokenIsRejected(String token) {
        String service = fixture.service();
        for (String path : List.of("/v1/Services", "/v1/Credentials", bindingsPath(service))) {
            assertInvalid(http.get(path + "?PageToken=" + enc(token)), "PageToken");
        }
    }

    @Test
    void bindingPagesRepeatEveryFilterAndFollowVerbatim() {
        String service = fixture.service();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String identity = i % 2 == 0 ? "ann smith" : "bob+1";
            expected.add(fixture.binding(service, identity, "fcm", "addr-" + i, "t 1", "ü2"));
        }
        fixture.binding(service, "ann smith", "fcm", "no-tags");
        fixture.binding(service, "carol", "fcm", "other", "t 1", "ü2");
        String day = ok(http.get(bindingsPath(service) + "/" + expected.get(0))).get("date_created").asText()
                .substring(0, 10);
        String lastDay = ok(http.get(bindingsPath(service) + "/" + expected.get(4))).get("date_created").asText()
                .substring(0, 10);
        String q = "?Tag=" + enc("t 1") + "&Tag=" + enc("ü2") + "&Identity=" + enc("ann smith") + "&Identity="
                + enc("bob+1") + "&StartDate=" + day + "&EndDate=" + lastDay + "&PageSize=2";

        JsonNode page = ok(http.get(bindingsPath(service) + q));
        List<String> seen = new ArrayList<>(sids(page, "bindings"));
        JsonNode meta = page.get("meta");
        assertThat(meta.get("page_size").asInt()).isEqualTo(2);
        Map<String, List<String>> first = query(meta.get("first_page_url").asText());
        assertFilters(first, day, lastDay);
        assertThat(first).containsEntry("Page", List.of("0")).doesNotContainKey("PageToken");
        assertFilters(query(meta.get("url").asText()), day, lastDay);
        int expectedPage = 0;
        while (!meta.get("next_page_url").isNull()) {
            String next = meta.get("next_page_url").asText();
            assertThat(next).startsWith("http://127.0.0.1:" + herald.port() + "/v1/Services/" + service + "/Bindings?");
            Map<String, List<String>> params = query(next);
            assertFilters(params, day, lastDay);
            assertThat(params).containsEntry("PageSize", List.of("2"))
                    .containsEntry("Page", List.of(String.valueOf(expectedPage + 1)));
            assertThat(params.get("PageToken")).hasSize(1);
            assertThat(params.get("PageToken").get(0)).isNotEmpty();
            page = ok(http.get(next));
            expectedPage++;
            meta = page.get("meta");
            assertThat(meta.get("page").asInt()).isEqualTo(expectedPage);
            assertThat(meta.get("url").asText()).isEqualTo(next);
            Map<String, List<String>> firstAgain = query(meta.get("first_page_url").asText());
            assertFilters(firstAgain, day, lastDay);
            assertThat(firstAgain).containsEntry("Page", List.of("0")).doesNotContainKey("PageToken");
            seen.addAll(sids(page, "bindings"));
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expectedPage).isEqualTo(2);
        assertThat(page.get("bindings")).hasSize(1);
    }

    private static void assertFilters(Map<String, List<String>> params, String day, String lastDay) {
        assertThat(params.get("Tag")).containsExactlyInAnyOrder("t 1", "ü2");
        assertThat(params.get("Identity")).containsExactlyInAnyOrder("ann smith", "bob+1");
        assertThat(params).containsEntry("StartDate", List.of(day)).containsEntry("EndDate", List.of(lastDay))
                .containsEntry("PageSize", List.of("2"));
    }

    @Test
    void servicePagesRepeatFriendlyNameAndFollowVerbatim() {
        String name = "Paged Ü & co " + System.nanoTime();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(fixture.service(name));
        }
        fixture.service(name + "x");
        List<String> seen = new ArrayList<>();
        String next = "/v1/Services?FriendlyName=" + enc(name) + "&PageSize=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = ok(http.get(next));
            pages++;
            seen.addAll(sids(page, "services"));
            JsonNode meta = page.get("meta");
            assertThat(query(meta.get("first_page_url").asText())).containsEntry("FriendlyName", List.of(name))
                    .containsEntry("Page", List.of("0")).doesNotContainKey("PageToken");
            next = meta.get("next_page_url").isNull() ? null : meta.get("next_page_url").asText();
            if (next != null) {
                assertThat(query(next)).containsEntry("FriendlyName", List.of(name))
                        .containsEntry("PageSize", List.of("2"))
                        .containsEntry("Page", List.of(String.valueOf(pages)))
                        .containsKey("PageToken");
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void nextPageUrlIsNullExactlyOnTheLastPage() {
        for (int i = 0; i < 4; i++) {
            created(http.post("/v1/Credentials", RawHttp.form("Type", "gcm", "ApiKey", "k")));
        }
        JsonNode all = ok(http.get("/v1/Credentials?PageSize=1000"));
        int total = all.get("credentials").size();
        assertThat(all.get("meta").get("next_page_url").isNull()).isTrue();
        // a page size that divides the total exactly: the full last page still has next_page_url null
        int size = total % 2 == 0 ? 2 : 1;
        List<JsonNode> pages = Api.pages(http, "/v1/Credentials?PageSize=" + size);
        assertThat(pages).hasSize(total / size);
        for (int i = 0; i < pages.size(); i++) {
            boolean last = i == pages.size() - 1;
            assertThat(pages.get(i).get("meta").get("next_page_url").isNull()).as("page %d", i).isEqualTo(last);
            assertThat(pages.get(i).get("credentials")).hasSize(size);
        }
    }

    @Test
    void healthzAnswersWithoutAuth() {
        RawHttp anonymous = herald.http(null, null);
        RawHttp.Reply reply = anonymous.get("/healthz");
        assertThat(reply.status()).isEqualTo(200);
        Api.assertJsonContentType(reply);
        assertThat(reply.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void deleteAnswers204WithAnEmptyBodyForEveryResource() {
        String service = fixture.service();
        String binding = fixture.binding(service, "del", "sms", "+15555550123");
        String credential = created(http.post("/v1/Credentials", RawHttp.form("Type", "apn"))).get("sid").asText();
        RawHttp.Reply b = http.delete(bindingsPath(service) + "/" + binding);
        noContent(b);
        noContent(http.delete("/v1/Credentials/" + credential));
        noContent(http.delete("/v1/Services/" + service));
        assertThat(b.headers().firstValueAsLong("Content-Length").orElse(0)).isZero();
    }
}
