package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.Accounts;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --account-concurrency}: an account with that many requests in flight gets 429 / 20429 with
 * {@code Retry-After} for the next one, before its body is read (the connection then closes); other accounts and
 * {@code /healthz} are served meanwhile, and the account is served again as soon as its requests complete.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountLimitTest {
    private static final int CAP = 3;
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().accountConcurrency(CAP);
    private final RawHttp http = herald.http();

    @Test
    void beyondItsCapAnAccountGets429WithRetryAfterWhileOthersAreServed() throws Exception {
        Accounts.NewAccount other = herald.server().createAccount();
        List<SlowClients> holders = new ArrayList<>();
        try {
            holders.add(slowPosts(CAP));
            Reply refused = awaitRefusal(holders);
            assertThat(assertError(refused, 429, 20429)).startsWith("Too many requests");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("Content-Type")).startsWith("application/json");

            // a body beyond the cap is not read: the answer comes at once and the connection closes
            String answer = postOnOwnConnection("FriendlyName=unread");
            assertThat(answer).startsWith("HTTP/1.1 429 ");
            assertThat(answer).containsIgnoringCase("\r\nConnection: close\r\n").contains("\"code\":20429");
            // a large body still sending gets its 429 too, not a connection reset (without the drain, about one in
            // fifteen was lost to the reset)
            for (int i = 0; i < 30; i++) {
                Reply large = http.post("/v1/Services", "FriendlyName=" + "x".repeat(512 * 1024));
                assertError(large, 429, 20429);
            }

            assertThat(herald.http(other.sid(), other.authToken()).get("/v1/Services").status()).isEqualTo(200);
            assertThat(herald.http(null, null).get("/healthz").status()).isEqualTo(200);
            assertThat(held(holders)).as("still held").isEqualTo(CAP);
        } finally {
            for (SlowClients slow : holders) {
                slow.close();
            }
        }
        // the held requests end when their clients hang up, and count no more
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status;
        do {
            status = http.get("/v1/Services").status();
        } while (status == 429 && System.nanoTime() < end);
        assertThat(status).isEqualTo(200);
        for (int i = 0; i < 3 * CAP; i++) {
            assertThat(http.get("/v1/Services").status()).isEqualTo(200);
        }
    }

    private static SlowClients slowPosts(int count) throws IOException {
        return SlowClients.open(herald.port(), "/v1/Services", herald.accountSid(), herald.authToken(), count, 64);
    }

    /** The slow POSTs still waiting for their bodies (not refused). */
    private static long held(List<SlowClients> holders) {
        return holders.stream().flatMap(s -> s.outcomes().stream()).filter(o -> o.status() == 0).count();
    }

    /**
     * The first 429 of this account's GETs, once the slow POSTs hold the whole cap. They are admitted a moment after
     * they are sent, so a GET may take a place first and refuse one of them: another slow POST replaces it.
     */
    private Reply awaitRefusal(List<SlowClients> holders) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Reply reply = http.get("/v1/Services");
        while (reply.status() != 429 && System.nanoTime() < end) {
            Thread.sleep(20);
            long missing = CAP - held(holders);
            if (missing > 0) {
                holders.add(slowPosts((int) missing));
            }
            reply = http.get("/v1/Services");
        }
        return reply;
    }

    /** A POST with {@code form} on a connection of its own: the raw answer, read until the server closes. */
    private String postOnOwnConnection(String form) throws Exception {
        String auth = Base64.getEncoder().encodeToString((herald.accountSid() + ":" + herald.authToken())
                .getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("127.0.0.1", herald.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\n\r\n" + form).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // to the end: the server closes
        }
    }
}
