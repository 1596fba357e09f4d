package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without a configured public URL, url fields follow the request's Host and X-Forwarded-* headers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublicUrlTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
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

    private static String auth() {
        return Wire.basic(herald.accountSid(), herald.authToken());
    }

    /** Checks every url of a Service, Binding, Credential and list served with these headers against base. */
    static void assertUrls(String base, java.util.function.Function<String, Reply> get) {
        JsonNode s = ok(get.apply("/v1/Services/" + service));
        assertThat(s.get("url").asText()).isEqualTo(base + "/v1/Services/" + service);
        assertThat(s.get("links").get("bindings").asText()).isEqualTo(base + "/v1/Services/" + service + "/Bindings");
        assertThat(s.get("links").get("notifications").asText())
                .isEqualTo(base + "/v1/Services/" + service + "/Notifications");
        assertThat(s.get("links").get("segments").asText()).isEqualTo(base + "/v1/Services/" + service + "/Segments");
        assertThat(s.get("links").get("users").asText()).isEqualTo(base + "/v1/Services/" + service + "/Users");

        JsonNode b = ok(get.apply(bindingsPath(service) + "/" + binding));
        assertThat(b.get("url").asText()).isEqualTo(base + "/v1/Services/" + service + "/Bindings/" + binding);
        assertThat(b.get("links").get("user").asText())
                .isEqualTo(base + "/v1/Services/" + service + "/Users/jane%20doe");

        JsonNode c = ok(get.apply("/v1/Credentials/" + credential));
        assertThat(c.get("url").asText()).isEqualTo(base + "/v1/Credentials/" + credential);

        JsonNode list = ok(get.apply("/v1/Services?FriendlyName=urls-paged&PageSize=1"));
        JsonNode meta = list.get("meta");
        assertThat(meta.get("url").asText()).isEqualTo(base + "/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=0");
        assertThat(meta.get("first_page_url").asText())
                .isEqualTo(base + "/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=0");
        String next = meta.get("next_page_url").asText();
        assertThat(next).startsWith(base + "/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=1&PageToken=");
        assertThat(java.net.URI.create(next).isAbsolute()).isTrue();
        list.get("services").forEach(x -> assertThat(x.get("url").asText()).startsWith(base + "/v1/Services/IS"));

        // the next page, requested the same way, keeps the base in every url
        JsonNode second = ok(get.apply(next.substring(base.length())));
        JsonNode m2 = second.get("meta");
        assertThat(m2.get("url").asText()).isEqualTo(next);
        assertThat(m2.get("first_page_url").asText()).startsWith(base + "/v1/Services?");
        assertThat(m2.get("previous_page_url").asText()).startsWith(base + "/v1/Services?");
        assertThat(m2.get("next_page_url").asText()).startsWith(base + "/v1/Services?");

        JsonNode bl = ok(get.apply(bindingsPath(service) + "?Identity=" + Api.enc("jane doe") + "&PageSize=1"));
        assertThat(bl.get("meta").get("next_page_url").asText())
                .startsWith(base + "/v1/Services/" + service + "/Bindings?Identity=");
        assertThat(bl.get("bindings").get(0).get("url").asText()).startsWith(base + "/v1/Services/" + service
                + "/Bindings/BS");
    }

    @Test
    void urlsUseTheRequestHost() {
        String base = "http://127.0.0.1:" + herald.port();
        assertUrls(base, http::get);
        // following next_page_url verbatim works
        JsonNode first = ok(http.get("/v1/Services?FriendlyName=urls-paged&PageSize=1"));
        JsonNode second = ok(http.get(first.get("meta").get("next_page_url").asText()));
        assertThat(second.get("services")).hasSize(1);
        assertThat(second.get("meta").get("page").asInt()).isEqualTo(1);
    }

    @Test
    void createAndUpdateResponsesUseTheRequestHostToo() {
        String base = "http://127.0.0.1:" + herald.port();
        JsonNode s = created(http.post("/v1/Services", ""));
        assertThat(s.get("url").asText()).isEqualTo(base + "/v1/Services/" + s.get("sid").asText());
        JsonNode u = ok(http.post("/v1/Services/" + s.get("sid").asText(), "FriendlyName=u"));
        assertThat(u.get("url").asText()).isEqualTo(s.get("url").asText());
        Reply forwarded = Wire.send("POST", herald.baseUrl() + "/v1/Services", "FriendlyName=f".getBytes(
                StandardCharsets.UTF_8), "Authorization", auth(), "Content-Type", Api.FORM, "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "notify.example.com");
        JsonNode f = created(forwarded);
        assertThat(f.get("url").asText()).isEqualTo("https://notify.example.com/v1/Services/" + f.get("sid").asText());
    }

    @Test
    void urlsFollowXForwardedHeaders() {
        String base = "https://notify.example.com";
        assertUrls(base, path -> Wire.get(herald.baseUrl() + path, "Authorization", auth(),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "notify.example.com"));
    }

    @Test
    void urlsFollowTheRawHostHeader() {
        String request = "GET /v1/Services/" + service + " HTTP/1.1\r\nHost: api.example.org:8443\r\nAuthorization: "
                + auth() + "\r\nConnection: close\r\n\r\n";
        JsonNode s = ok(Wire.raw(herald.port(), request));
        assertThat(s.get("url").asText()).isEqualTo("http://api.example.org:8443/v1/Services/" + service);
        String list = "GET /v1/Services?FriendlyName=urls-paged&PageSize=1 HTTP/1.1\r\nHost: api.example.org:8443\r\n"
                + "Authorization: " + auth() + "\r\nConnection: close\r\n\r\n";
        JsonNode l = ok(Wire.raw(herald.port(), list));
        assertThat(l.get("meta").get("next_page_url").asText())
                .startsWith("http://api.example.org:8443/v1/Services?FriendlyName=urls-paged&PageSize=1&Page=1");
    }

    @Test
    void hostileForwardedHostIsNotReflected() {
        for (String host : List.of("evil.com/path", "evil.com\"><script>", "a b", "evil.com?x=1", "user@evil.com")) {
            JsonNode s = ok(Wire.get(herald.baseUrl() + "/v1/Services/" + service, "Authorization", auth(),
                    "X-Forwarded-Host", host));
            String url = s.get("url").asText();
            assertThat(url).as(host).doesNotContain("evil").doesNotContain("<").doesNotContain(" ");
            assertThat(java.net.URI.create(url).getPath()).isEqualTo("/v1/Services/" + service);
        }
        JsonNode s = ok(Wire.get(herald.baseUrl() + "/v1/Services/" + service, "Authorization", auth(),
                "X-Forwarded-Proto", "javascript"));
        assertThat(s.get("url").asText()).startsWith("http://");
    }
}
