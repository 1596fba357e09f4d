package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Jetty refuses before routing is answered by {@code JsonErrorHandler} as a Twilio error for every method
 * (Jetty's default answers only GET, POST and HEAD with a body), never as a 5xx, and with {@code Connection: close}
 * because the server then closes the connection. No request here asks for {@code Connection: close} itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyRefusalsTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    private static String auth() {
        return "Authorization: " + Wire.basic(herald.accountSid(), herald.authToken()) + "\r\n";
    }

    private static void refused(String request, int status, int code) {
        Reply reply = Wire.rawClosedByServer(herald.port(), request);
        assertError(reply, status, code);
        assertThat(reply.header("Connection")).as("Connection header").isEqualToIgnoringCase("close");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"})
    void invalidUtf8EscapesInThePathAre400ForEveryMethod(String method) {
        String request = method + " /v1/Services/%C3%28 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "\r\n";
        if (method.equals("HEAD")) {
            Reply reply = Wire.rawClosedByServer(herald.port(), request);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
        } else {
            refused(request, 400, 20001);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void headersOver8KiBWithABodyAre431ForEveryMethod(String method) {
        String body = "FriendlyName=big-headers";
        refused(method + " /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "Content-Length: " + body.length()
                + "\r\nX-Big: " + "h".repeat(9000) + "\r\n\r\n" + body, 431, 20431);
    }

    @Test
    void optionsAsteriskIs404() {
        refused("OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + "\r\n", 404, 20404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/Services\r\n\r\n", "GET /\r\n", "GET /v1/Services HTTP/0.9\r\n\r\n",
            "GET /v1/Services HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n", "GET /v1/Services HTTP/2.0\r\n\r\n"})
    void unsupportedHttpVersionsAre400NotA5xx(String request) {
        refused(request, 400, 20001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n",
            "POST /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
            "GET /v1/Services HTTP/1.1\r\n\r\n",
            "CONNECT /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"})
    void malformedRequestsAre400AndSayTheConnectionCloses(String request) {
        refused(request, 400, 20001);
    }

    /**
     * Found by FuzzTest: a body cut short (the client half-closes before sending what Content-Length or its chunks
     * promised) reached Failures as Jetty's "Early EOF" and was a logged 500.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 100\r\n\r\nFriendlyName=short",
            "Transfer-Encoding: chunked\r\n\r\n40\r\nFriendlyName=short", "Transfer-Encoding: chunked\r\n\r\n"})
    void aBodyCutShortIs400(String rest) {
        for (String method : new String[] {"POST", "DELETE", "GET"}) {
            String request = method + " /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth() + rest;
            Reply reply = Wire.exchange(herald.port(), request.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    10_000, null);
            assertThat(reply).as("an answer to %s", method).isNotNull();
            assertError(reply, 400, 20001);
        }
    }
}
