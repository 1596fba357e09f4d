package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.config.Config;
import dev.herald.domain.Accounts;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow request bodies (issue 10): 300 connections of one account that send their bodies a byte at a time hold at
 * most the account's cap of HTTP threads, each for at most the body deadline, while another account's fetches and
 * {@code /healthz} keep answering at once; a body that does not arrive in time is a 408 in Twilio's JSON; slow
 * clients refused before their bodies are read (no credentials, a body over the limit) are answered at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsTest {
    private static final int SLOW_CONNECTIONS = 300;
    /** Far above a fetch's usual milliseconds, far below the seconds a starved server makes it wait. */
    private static final long PROMPT_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(PROMPT_MILLIS)).build();

    @Test
    void slowBodiesOfOneAccountLeaveOtherAccountsAndHealthzPrompt() throws Exception {
        Accounts.NewAccount other = herald.server().createAccount();
        RawHttp otherHttp = herald.http(other.sid(), other.authToken());
        String service = new Fixtures(otherHttp).service("prompt");
        String binding = new Fixtures(otherHttp).binding(service, "alice", "apn", "tok-prompt");
        URI fetch = URI.create(herald.baseUrl() + "/v1/Services/" + service + "/Bindings/" + binding);
        String otherAuth = basic(other.sid(), other.authToken());
        assertThat(timed(fetch, otherAuth).status).isEqualTo(200);

        List<Timed> fetches = new ArrayList<>();
        List<Timed> health = new ArrayList<>();
        int cap = Config.defaultAccountConcurrency(Config.DEFAULT_HTTP_THREADS);
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        long opened = System.nanoTime();
        try (SlowClients slow = SlowClients.open(herald.port(), "/v1/Services", herald.accountSid(),
                herald.authToken(), SLOW_CONNECTIONS, 64)) {
            trickler.scheduleAtFixedRate(slow::trickle, 2, 2, TimeUnit.SECONDS);
            // once those beyond the cap are refused (at most 5 s: without a cap, never), the rest are held; their
            // bodies time out 10 s after they were admitted, so measure until 9 s after the first was opened
            slow.awaitAnswered(SLOW_CONNECTIONS - cap, 5_000);
            long until = opened + TimeUnit.SECONDS.toNanos(9);
            while (System.nanoTime() < until) {
                fetches.add(timed(fetch, otherAuth));
                health.add(timed(URI.create(herald.baseUrl() + "/healthz"), null));
                Thread.sleep(50);
            }
            assertThat(fetches).hasSizeGreaterThanOrEqualTo(5).allSatisfy(t -> {
                assertThat(t.status).as("other account's fetch").isEqualTo(200);
                assertThat(t.millis).as("other account's fetch, ms").isLessThan(PROMPT_MILLIS);
            });
            assertThat(health).allSatisfy(t -> {
                assertThat(t.status).as("/healthz").isEqualTo(200);
                assertThat(t.millis).as("/healthz, ms").isLessThan(PROMPT_MILLIS);
            });
            // without a deadline and a cap, the held ones are never answered (and the other account starves as soon
            // as Jetty has no thread in reserve left to run its requests on)
            assertThat(slow.awaitAllClosed(15_000)).as("every slow connection answered and closed").isTrue();
            List<SlowClients.Outcome> outcomes = slow.outcomes();
            long refused = outcomes.stream().filter(o -> o.status() == 429).count();
            long timedOut = outcomes.stream().filter(o -> o.status() == 408).count();
            assertThat(refused + timedOut).as("each slow body is refused (429) or times out (408)")
                    .isEqualTo(SLOW_CONNECTIONS);
            assertThat(timedOut).isBetween(1L, (long) cap);
            for (SlowClients.Outcome o : outcomes) {
                JsonNode body = JSON.readTree(o.body());
                assertThat(body.get("status").asInt()).isEqualTo(o.status());
                assertThat(body.get("code").asInt()).isEqualTo(o.status() == 429 ? 20429 : 20408);
                assertThat(o.header("Connection")).isEqualToIgnoringCase("close");
                if (o.status() == 429) {
                    assertThat(o.header("Retry-After")).isEqualTo("1");
                }
            }
        } finally {
            trickler.shutdownNow();
        }
        // the slow account's requests were all counted out: it is served again
        assertThat(herald.http().get("/v1/Services").status()).isEqualTo(200);
    }

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

    private record Timed(int status, long millis) {
    }

    /** One GET with a short timeout: a status, or 0 when no answer came in time. */
    private Timed timed(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(PROMPT_MILLIS)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        int status;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Timed(status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
