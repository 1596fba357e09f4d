package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With a configured public URL every url field starts with it, whatever the request's Host or X-Forwarded-*. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfiguredPublicUrlTest {
    private static final String BASE = TestHerald.TWILIO_URL;
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(BASE);
    private static String service;
    private static String binding;
    private static String credential;
    private final RawHttp http = herald.http();

    @BeforeAll
    static void createData() {
        Fixtures fixture = herald.fixture();
        service = fixture.service("urls");
        for (int i = 0; i < 3; i++) {
            fixture.service("urls-paged");
        }
        binding = fixture.binding(service, "jane doe", "apn", "url-device");
        fixture.binding(service, "jane doe", "apn", "url-device-2");
        credential = fixture.credential("apn");
    }

    private static void assertAll(java.util.function.Function<String, RawHttp.Reply> get) {
        JsonNode s = ok(get.apply("/v1/Services/" + service));
        assertThat(s.get("url").asText()).isEqualTo(BASE + "/v1/Services/" + service);
        assertThat(s.get("links").get("bindings").asText()).isEqualTo(BASE + "/v1/Services/" + service + "/Bindings");
        JsonNode b = ok(get.apply(bindingsPath(service) + "/" + binding));
        assertThat(b.get("url").asText()).isEqualTo(BASE + "/v1/Services/" + service + "/Bindings/" + binding);
        assertThat(b.get("links").get("user").asText()).isEqualTo(BASE + "/v1/Services/" + service + "/Users/jane%20doe");
        JsonNode c = ok(get.apply("/v1/Credentials/" + credential));
        assertThat(c.get("url").asText()).isEqualTo(BASE + "/v1/Credentials/" + credential);
        JsonNode list = ok(get.apply("/v1/Services?FriendlyName=urls-paged&PageSize=1"));
        JsonNode meta = list.get("meta");
        assertThat(meta.get("url").asText()).isEqualTo(BASE + "/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=0");
        assertThat(meta.get("first_page_url").asText()).isEqualTo(meta.get("url").asText());
        String next = meta.get("next_page_url").asText();
        assertThat(next).startsWith(BASE + "/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=1&PageToken=");
        JsonNode second = ok(get.apply(next.substring(BASE.length())));
        assertThat(second.get("meta").get("url").asText()).isEqualTo(next);
        assertThat(second.get("meta").get("previous_page_url").asText()).startsWith(BASE + "/v1/Services?");
        assertThat(second.get("meta").get("next_page_url").asText()).startsWith(BASE + "/v1/Services?");
        JsonNode bl = ok(get.apply(bindingsPath(service) + "?PageSize=1"));
        assertThat(bl.get("meta").get("next_page_url").asText()).startsWith(BASE + "/v1/Services/" + service
                + "/Bindings?PageSize=1&Page=1&PageToken=");
    }

    @Test
    void urlsUseTheConfiguredPublicUrl() {
        assertAll(http::get);
        JsonNode created = created(http.post("/v1/Services", "FriendlyName=c"));
        assertThat(created.get("url").asText()).isEqualTo(BASE + "/v1/Services/" + created.get("sid").asText());
    }

    @Test
    void forwardedHeadersDoNotOverrideTheConfiguredPublicUrl() {
        String auth = Wire.basic(herald.accountSid(), herald.authToken());
        assertAll(path -> Wire.get(herald.baseUrl() + path, "Authorization", auth, "X-Forwarded-Proto", "http",
                "X-Forwarded-Host", "notify.example.com"));
    }

    @Test
    void nextPageUrlRewrittenToTheServerWorks() {
        JsonNode first = ok(http.get("/v1/Services?FriendlyName=urls-paged&PageSize=2"));
        String next = first.get("meta").get("next_page_url").asText();
        JsonNode second = ok(http.get(next.replace(BASE, herald.baseUrl())));
        assertThat(second.get("services")).hasSize(1);
        assertThat(second.get("meta").get("next_page_url").isNull()).isTrue();
    }
}
