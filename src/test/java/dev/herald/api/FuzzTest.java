package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random requests against a running Herald ({@link FuzzRequests}): never a 5xx, every error a Twilio error body
 * (exactly the four keys, {@code status} equal to the HTTP status), the server still up at the end, and a canary
 * account's Service, Bindings and Credential untouched, although the requests name their SIDs.
 *
 * <p>Bounded by {@code -Dherald.fuzz.seconds} (default 25) and {@code -Dherald.fuzz.requests} (default 4000),
 * whichever comes first. The seed is printed; {@code -Dherald.fuzz.seed=N} replays it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FuzzTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private final java.util.SortedMap<Integer, Integer> statuses = new java.util.TreeMap<>();
    /** The request sent before the current one: a connection it left closing may fail the next request. */
    private String previous = "none";

    @Test
    void randomRequestsNeverFailTheServerNorReachAnotherAccount() {
        long seed = Long.getLong("herald.fuzz.seed", new Random().nextLong());
        long seconds = Long.getLong("herald.fuzz.seconds", 25);
        int requests = Integer.getInteger("herald.fuzz.requests", 4000);
        System.out.println("FuzzTest seed " + seed + " (replay: -Dherald.fuzz.seed=" + seed + ")");

        var canaryAccount = herald.server().createAccount();
        RawHttp canary = herald.http(canaryAccount.sid(), canaryAccount.authToken());
        FuzzValues.Sids canarySids = resources(new Fixtures(canary), "canary");
        Map<String, JsonNode> before = snapshot(canary, canarySids);

        FuzzValues values = new FuzzValues(new Random(seed), resources(herald.fixture(), "own"), canarySids);
        FuzzRequests generator = new FuzzRequests(values, herald.accountSid(), herald.authToken(), canaryAccount.sid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int sent = 0;
        while (sent < requests && System.nanoTime() < deadline && failures.size() < 20) {
            FuzzRequests.Request request = generator.next();
            check(request, send(request));
            previous = request.describe();
            if (++sent % 250 == 0) {
                values.own(resources(herald.fixture(), "own-" + sent)); // the fuzzing deletes its own
            }
        }
        System.out.println("FuzzTest sent " + sent + " requests with seed " + seed + "; answers by status: " + statuses);

        assertThat(failures).as("failures with seed %d (replay: -Dherald.fuzz.seed=%d)", seed, seed).isEmpty();
        Reply health = herald.http(null, null).get("/healthz");
        assertThat(health.status()).as("/healthz after fuzzing").isEqualTo(200);
        assertThat(snapshot(canary, canarySids)).as("the canary account's data, seed %d", seed).isEqualTo(before);
    }

    private static FuzzValues.Sids resources(Fixtures fixture, String name) {
        String credential = fixture.credential("apn");
        String service = fixture.serviceWith("FriendlyName", name, "ApnCredentialSid", credential);
        String binding = fixture.binding(service, name + "-alice", "apn", name + "-device-1", "vip");
        fixture.binding(service, name + "-bob", "fcm", name + "-device-2");
        return new FuzzValues.Sids(service, binding, credential);
    }

    /** Everything the canary account can see of its resources. */
    private static Map<String, JsonNode> snapshot(RawHttp canary, FuzzValues.Sids sids) {
        return Map.of("service", Api.ok(canary.get("/v1/Services/" + sids.service())),
                "credential", Api.ok(canary.get("/v1/Credentials/" + sids.credential())),
                "bindings", Api.ok(canary.get(Api.bindingsPath(sids.service()) + "?PageSize=1000")),
                "services", Api.ok(canary.get("/v1/Services?PageSize=1000")),
                "credentials", Api.ok(canary.get("/v1/Credentials?PageSize=1000")));
    }

    /** The reply, or null when the server rightly closed without one (the request promised more than it sent). */
    private Reply send(FuzzRequests.Request request) {
        if (request.raw() != null) {
            return raw(request);
        }
        if (request.body() != null && !parses(request.target())) {
            // Jetty refuses such a target while it reads the request line, before it knows the body's length, so
            // it closes on the unread body; the JDK client, failing to write the rest, drops the answer it got
            return raw(new FuzzRequests.Request(request.method(), request.target(), request.headers(), request.body(),
                    null, true));
        }
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(herald.baseUrl() + request.target()))
                    .timeout(Duration.ofSeconds(20)).method(request.method(), request.body() == null
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
        } catch (IllegalArgumentException notForTheJdkClient) {
            return raw(new FuzzRequests.Request(request.method(), request.target(), request.headers(), request.body(),
                    null, true));
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            failures.add("no answer (" + e + ") to " + request.describe() + ", sent after " + previous);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Reply raw(FuzzRequests.Request request) {
        byte[] bytes = request.raw() != null ? request.raw() : FuzzTest.bytes(request);
        String[] all = new String[1];
        try {
            Reply reply = Wire.exchange(herald.port(), bytes, 10_000, all);
            if (reply == null && request.complete()) {
                failures.add("closed without an answer: " + request.describe());
            }
            if (all[0] != null && all[0].contains("\nHTTP/1.1 5")) {
                failures.add("a later response is a 5xx: " + all[0].substring(0, Math.min(all[0].length(), 600)));
            }
            if (reply != null && reply.status() == 100) { // Expect: 100-continue; the answer follows
                int next = all[0].indexOf("\r\n\r\n") + 4;
                reply = next < all[0].length() ? Wire.parse(all[0].substring(next)
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) : null;
            }
            return reply;
        } catch (AssertionError | RuntimeException e) {
            failures.add(e.getMessage() + ": " + request.describe());
            return null;
        }
    }

    /** A request the JDK client refused (a header or target it does not allow), as socket bytes. */
    /** Whether Jetty can parse {@code target} (else it refuses it as a bad request line: {@code %00}, {@code %ZZ}). */
    private static boolean parses(String target) {
        try {
            org.eclipse.jetty.http.HttpURI.build(target);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] bytes(FuzzRequests.Request request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target())
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        request.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        byte[] body = request.body() == null ? new byte[0] : request.body();
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    private void check(FuzzRequests.Request request, Reply reply) {
        if (reply == null) {
            return;
        }
        statuses.merge(reply.status(), 1, Integer::sum);
        String what = reply.status() + " " + reply.body().substring(0, Math.min(reply.body().length(), 200))
                + " for " + request.describe();
        if (reply.status() >= 500 || reply.status() < 100) {
            failures.add("status " + what);
        } else if (reply.body().toLowerCase().contains("<html")) {
            failures.add("HTML " + what);
        } else if (reply.status() >= 400 && !request.method().equals("HEAD")) {
            String problem = twilioErrorProblem(reply);
            if (problem != null) {
                failures.add(problem + ": " + what);
            }
        }
    }

    /** What is wrong with an error reply as a Twilio error, or null when nothing is. */
    private static String twilioErrorProblem(Reply reply) {
        String type = reply.header("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            return "not JSON (" + type + ")";
        }
        JsonNode json;
        try {
            json = JSON.readTree(reply.body());
        } catch (IOException e) {
            return "unparseable JSON";
        }
        if (json == null || !json.isObject() || json.size() != 4 || !json.has("code") || !json.has("message")
                || !json.has("more_info") || !json.has("status")) {
            return "not exactly code, message, more_info, status";
        }
        if (!json.get("status").isInt() || json.get("status").asInt() != reply.status() || !json.get("code").isInt()
                || !json.get("message").isTextual() || json.get("message").asText().contains("Exception")
                || !json.get("more_info").asText().equals("https://www.twilio.com/docs/errors/" + json.get("code"))) {
            return "inconsistent error body";
        }
        return null;
    }
}
