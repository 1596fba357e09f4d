package dev.herald.api;

import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Requests are routed by the method of their request line; HEAD answers exactly as GET would, without a body. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MethodsTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static String service;
    private static String binding;
    private static String credential;
    private final RawHttp http = herald.http();

    @BeforeAll
    static void createResources() {
        Fixtures fixture = herald.fixture();
        service = fixture.service("methods");
        binding = fixture.binding(service, "alice", "apn", "tok-methods");
        credential = fixture.credential("fcm");
    }

    private static String auth() {
        return Wire.basic(herald.accountSid(), herald.authToken());
    }

    @Test
    void xHttpMethodOverrideIsIgnored() {
        for (String override : List.of("DELETE", "delete", "POST", "PUT")) {
            Reply fetched = Wire.get(herald.baseUrl() + "/v1/Services/" + service, "Authorization", auth(),
                    "X-HTTP-Method-Override", override);
            assertThat(ok(fetched).get("sid").asText()).isEqualTo(service);
        }
        Reply posted = Wire.send("POST", herald.baseUrl() + "/v1/Services/" + service,
                "FriendlyName=renamed".getBytes(), "Authorization", auth(), "Content-Type", Api.FORM,
                "X-HTTP-Method-Override", "DELETE");
        assertThat(ok(posted).get("friendly_name").asText()).isEqualTo("renamed");
        Reply binding = Wire.get(herald.baseUrl() + Api.bindingsPath(service) + "/" + MethodsTest.binding,
                "Authorization", auth(), "x-http-method-override", "DELETE");
        ok(binding);
        Reply list = Wire.get(herald.baseUrl() + "/v1/Credentials", "Authorization", auth(),
                "X-HTTP-Method-Override", "POST");
        assertThat(ok(list).has("credentials")).isTrue();
        // nothing was deleted
        ok(http.get("/v1/Services/" + service));
        ok(http.get(Api.bindingsPath(service) + "/" + MethodsTest.binding));
        ok(http.get("/v1/Credentials/" + credential));
    }

    @Test
    void headAnswersAsGetWouldWithoutTheBody() {
        String unknown = "/v1/Services/" + Api.UNKNOWN_SERVICE;
        List<String> paths = List.of("/healthz", "/v1/Services", "/v1/Services/" + service, unknown,
                "/v1/Services/ISnothex", "/v1/Services/" + service + "/Bindings",
                "/v1/Services/" + service + "/Bindings/" + binding,
                "/v1/Services/" + service + "/Bindings/" + Api.UNKNOWN_BINDING,
                "/v1/Services/" + Api.UNKNOWN_SERVICE + "/Bindings", "/v1/Services?PageSize=0",
                "/v1/Credentials", "/v1/Credentials/" + credential, "/v1/Credentials/" + Api.UNKNOWN_CREDENTIAL,
                "/v1/Nope");
        for (String path : paths) {
            for (String authorization : new String[] {auth(), null, Wire.basic(herald.accountSid(), "wrong")}) {
                String[] headers = authorization == null ? new String[] {"Accept-Encoding", "gzip"}
                        : new String[] {"Authorization", authorization, "Accept-Encoding", "gzip"};
                Reply get = Wire.send("GET", herald.baseUrl() + path, null, headers);
                Reply head = Wire.send("HEAD", herald.baseUrl() + path, null, headers);
                String what = "HEAD " + path + (authorization == null ? " without credentials" : "");
                assertThat(head.status()).as(what).isEqualTo(get.status());
                for (String header : List.of("Content-Type", "Content-Length", "Content-Encoding", "Vary",
                        "WWW-Authenticate")) {
                    assertThat(head.header(header)).as("%s: %s", what, header).isEqualTo(get.header(header));
                }
                assertThat(head.body()).as(what).isEmpty();
            }
        }
        assertThat(Wire.send("HEAD", herald.baseUrl() + unknown, null, "Authorization", auth()).status())
                .isEqualTo(404);
    }
}
