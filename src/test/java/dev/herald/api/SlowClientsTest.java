package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldExtension;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow request bodies (issue 10): a body that does not arrive in time is a 408 in Twilio's JSON; slow clients refused
 * before their bodies are read (no credentials, a body over the limit) are answered at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    @Test
    void aBodyStillArrivingAtTheDeadlineIs408AndItsConnectionCloses() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (SlowClients slow = SlowClients.open(herald.port(), "/v1/Services", herald.accountSid(),
                herald.authToken(), 1, 64)) {
            // a byte a second: never idle for long, yet the whole body is far from there after 10 s
            trickler.scheduleAtFixedRate(slow::trickle, 1, 1, TimeUnit.SECONDS);
            assertThat(slow.awaitAllClosed(25_000)).as("closed by the server").isTrue();
            SlowClients.Outcome outcome = slow.outcomes().get(0);
            assertThat(outcome.status()).as(outcome.answer()).isEqualTo(408);
            assertThat(outcome.closedAfterMillis()).isBetween(Bodies.DEADLINE_MILLIS - 500, Bodies.DEADLINE_MILLIS + 5_000);
            assertThat(outcome.header("Content-Type")).startsWith("application/json");
            assertThat(outcome.header("Connection")).isEqualToIgnoringCase("close");
            JsonNode body = JSON.readTree(outcome.body());
            assertThat(body.get("code").asInt()).isEqualTo(20408);
            assertThat(body.get("status").asInt()).isEqualTo(408);
            assertThat(body.get("message").asText()).startsWith("Request timeout");
            assertThat(body.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20408");
        } finally {
            trickler.shutdownNow();
        }
        assertThat(herald.http().get("/v1/Services").status()).isEqualTo(200);
    }

    @Test
    void slowClientsWithoutCredentialsOrWithOversizedBodiesAreAnsweredAtOnce() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (SlowClients strangers = SlowClients.open(herald.port(), "/v1/Services", null, null, 150, 64);
             SlowClients oversized = SlowClients.open(herald.port(), "/v1/Services", null, null, 150,
                     2 * 1024 * 1024)) {
            // a byte every 100 ms: a refused body keeps coming, so it is drained, but for a second at most
            trickler.scheduleAtFixedRate(() -> {
                strangers.trickle();
                oversized.trickle();
            }, 100, 100, TimeUnit.MILLISECONDS);
            assertThat(strangers.awaitAllClosed(8_000)).as("strangers answered and closed").isTrue();
            assertThat(oversized.awaitAllClosed(8_000)).as("oversized bodies answered and closed").isTrue();
            assertThat(strangers.outcomes()).allSatisfy(o -> assertError(o, 401, 20003));
            assertThat(oversized.outcomes()).allSatisfy(o -> assertError(o, 413, 20413));
        } finally {
            trickler.shutdownNow();
        }
    }

    private static void assertError(SlowClients.Outcome outcome, int status, int code) throws Exception {
        assertThat(outcome.status()).as(outcome.answer()).isEqualTo(status);
        JsonNode body = JSON.readTree(outcome.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }
}
