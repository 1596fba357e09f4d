package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's files over plain HTTP: served without authentication with the security headers, revalidated by
 * ETag, and every path that is not one of its files answered exactly as before (401 without credentials, then 404).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleServingTest {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp anonymous = herald.http(null, null);
    private final RawHttp http = herald.http();

    @Test
    void indexIsServedAtConsoleAndConsoleSlashWithoutAuthentication() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(reply.body()).contains("<title>Herald console</title>")
                    .contains("<script type=\"module\" src=\"/console/js/app.js\"></script>");
            assertSecurityHeaders(reply);
        }
    }

    @Test
    void scriptsAndStylesHaveTheirTypesAndRevealNothing() {
        Reply script = anonymous.get("/console/js/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertSecurityHeaders(script);
        assertThat(script.body()).doesNotContain(herald.accountSid()).doesNotContain(herald.authToken());
        Reply style = anonymous.get("/console/console.css");
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void aBrowserRevalidatesWithTheEtag() {
        Reply first = anonymous.get("/console/js/api.js");
        assertThat(first.header("Cache-Control")).isEqualTo("no-cache");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{24}\"");
        Reply again = anonymous.get("/console/js/api.js", "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertSecurityHeaders(again);
    }

    @Test
    void otherPathsUnderConsoleAreAnsweredAsBefore() {
        for (String path : new String[] {"/console/nope.js", "/console/../v1/Services", "/console/js/../app.js",
                "/consolex", "/console/API.JS", "/console/js"}) {
            Reply unauthenticated = anonymous.get(path);
            assertThat(unauthenticated.status()).as(path).isEqualTo(401);
            assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Twilio API\"");
            assertThat(unauthenticated.header("Content-Security-Policy")).isNull();
        }
        Reply missing = http.get("/console/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asInt()).isEqualTo(20404);
        assertThat(missing.json().get("message").asText()).isEqualTo(http.get("/nope.js").json().get("message")
                .asText().replace("/nope.js", "/console/nope.js"));
    }

    @Test
    void onlyGetAndHeadServeTheFiles() {
        Reply head = anonymous.send("HEAD", "/console/", null, new byte[0]);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(anonymous.post("/console/", "a=b").status()).isEqualTo(401);
        assertThat(http.post("/console/", "a=b").status()).isEqualTo(404);
        assertThat(http.delete("/console/index.html").status()).isEqualTo(404);
    }

    static void assertSecurityHeaders(Reply reply) {
        assertThat(reply.header("Content-Security-Policy")).isEqualTo(POLICY);
        assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
