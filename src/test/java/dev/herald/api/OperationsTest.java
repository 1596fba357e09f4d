package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.LogConfig;
import dev.herald.config.OpsConfig;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.LogCapture;
import dev.herald.testing.RawHttp;
import dev.herald.testing.Sends;
import dev.herald.testing.TestSecrets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Running Herald as a service: {@code /metrics} on the admin listener (the meters' names, a request counter and a
 * delivery counter that move), {@code /healthz} and {@code /readyz} there and on the main port without
 * credentials, the request id of every answer, and the access log line of every request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperationsTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start()
            .ops(OpsConfig.parse(null, 0, LogConfig.defaults(), null));
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private RawHttp admin() {
        return new RawHttp("http://127.0.0.1:" + herald.server().adminPort(), null, null);
    }

    private String metrics() {
        RawHttp.Reply reply = admin().get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return reply.body();
    }

    /** The value of the first sample of {@code metric} whose labels include every one of {@code labels}. */
    private static double sample(String text, String metric, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String found = m.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /**
     * Waits (up to 10 s) until the sample reaches {@code expected}: a request is measured once its answer is sent,
     * a delivery once its outcome is committed, each a moment after the client has seen it.
     */
    private double awaitSample(double expected, String metric, String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double value = sample(metrics(), metric, labels);
        while (value < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = sample(metrics(), metric, labels);
        }
        return value;
    }

    @Test
    void metricsNameTheRequestsTheDatabaseTheDeliveriesAndTheJvm() {
        http.get("/v1/Services");
        String text = metrics();
        assertThat(text).contains("# TYPE herald_http_requests_seconds histogram",
                "herald_http_requests_seconds_bucket{", "le=\"0.1\"", "herald_db_connections_active{",
                "herald_db_connections_max{", "herald_deliveries_total{channel=\"fcm\",outcome=\"delivered\"}",
                "herald_deliveries_in_flight ", "jvm_memory_used_bytes{", "jvm_threads_live_threads ",
                "process_uptime_seconds ");
        assertThat(text).contains("route=\"/v1/Services\"");
    }

    /** The value of {@code metric}, a meter without labels (-1 when there is none). */
    private static double plain(String text, String metric) {
        Matcher m = Pattern.compile("^" + Pattern.quote(metric) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The value of {@code metric}, a meter without labels, waiting (up to 10 s) until it is {@code expected}. */
    private double awaitPlain(double expected, String metric) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            double value = plain(metrics(), metric);
            if (value == expected || System.nanoTime() > deadline) {
                return value;
            }
            Thread.sleep(20);
        }
    }

    /** What the delivery engine defers to: authenticated requests from their admission to their answer's end. */
    @Test
    void theRequestsInFlightCountFromAdmissionToTheirEnd() throws Exception {
        assertThat(awaitPlain(0, "herald_http_requests_in_flight")).isEqualTo(0);
        SlowClients slow = SlowClients.open(herald.port(), "/v1/Services", herald.accountSid(), herald.authToken(),
                3, 64);
        SlowClients anonymous = SlowClients.open(herald.port(), "/v1/Services", null, null, 2, 64);
        try {
            assertThat(awaitPlain(3, "herald_http_requests_in_flight")).isEqualTo(3); // the 401s do not count
        } finally {
            slow.close();
            anonymous.close();
        }
        assertThat(awaitPlain(0, "herald_http_requests_in_flight")).isEqualTo(0);
    }

    /**
     * Two requests under way at once make a crowd, which the delivery engine lets go first: its steps (the fan-out,
     * the claim, the outcomes) wait for it, up to their bound, and count the time they waited.
     */
    @Test
    void aCrowdOfRequestsHoldsTheDeliveryEngineBack() throws Exception {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", TestSecrets.serviceAccount("crowd-test"));
        String service = fixture.serviceWith("FcmCredentialSid", fcm);
        fixture.binding(service, "crowd-alice", "fcm", "crowd-token");
        SlowClients crowd = SlowClients.open(herald.port(), "/v1/Services", herald.accountSid(), herald.authToken(),
                2, 64);
        try {
            assertThat(awaitPlain(2, "herald_http_requests_in_flight")).isEqualTo(2);
            double before = plain(metrics(), "herald_delivery_deferred_seconds_total");
            JsonNode done = Sends.sendAndAwait(http, service, 10, "Identity", "crowd-alice", "Body", "hi");
            assertThat(done.get("delivered").asInt()).isEqualTo(1);
            // the expander's step and the outcomes' batch each waited the whole bound, 100 ms
            assertThat(plain(metrics(), "herald_delivery_deferred_seconds_total")).isGreaterThanOrEqualTo(before + 0.2);
        } finally {
            crowd.close();
        }
    }

    @Test
    void theRequestCounterMovesByRouteTemplateAndStatus() throws InterruptedException {
        String service = fixture.service();
        String[] labels = {"method=\"GET\"", "route=\"/v1/Services/{serviceSid}/Bindings\"", "status=\"200\""};
        double before = sample(metrics(), "herald_http_requests_seconds_count", labels);
        assertThat(http.get("/v1/Services/" + service + "/Bindings").status()).isEqualTo(200);
        assertThat(http.get("/v1/Services/" + service + "/Bindings?PageSize=5").status()).isEqualTo(200);
        assertThat(awaitSample(before + 2, "herald_http_requests_seconds_count", labels)).isEqualTo(before + 2);
        assertThat(metrics()).doesNotContain(service); // route templates, never raw paths
        String[] notFound = {"route=\"/v1/Services/{sid}\"", "status=\"404\""};
        double missing = sample(metrics(), "herald_http_requests_seconds_count", notFound);
        http.get("/v1/Services/IS00000000000000000000000000000000");
        assertThat(awaitSample(missing + 1, "herald_http_requests_seconds_count", notFound)).isEqualTo(missing + 1);
    }

    @Test
    void theDeliveryCounterMovesWhenDeliveriesAreDone() throws InterruptedException {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", TestSecrets.serviceAccount("metrics-test"));
        String service = fixture.serviceWith("FcmCredentialSid", fcm);
        fixture.binding(service, "metrics-alice", "fcm", "metrics-token");
        fixture.binding(service, "metrics-bob", "fcm", "invalid-metrics-token");
        String delivered = "outcome=\"delivered\"";
        String rejected = "outcome=\"rejected\"";
        double deliveredBefore = sample(metrics(), "herald_deliveries_total", "channel=\"fcm\"", delivered);
        double rejectedBefore = sample(metrics(), "herald_deliveries_total", "channel=\"fcm\"", rejected);
        JsonNode done = Sends.sendAndAwait(http, service, 30, "Identity", "metrics-alice", "Identity", "metrics-bob",
                "Body", "hi");
        assertThat(awaitSample(deliveredBefore + 1, "herald_deliveries_total", "channel=\"fcm\"", delivered))
                .as(done.toString())
                .isEqualTo(deliveredBefore + 1);
        assertThat(awaitSample(rejectedBefore + 1, "herald_deliveries_total", "channel=\"fcm\"", rejected))
                .isEqualTo(rejectedBefore + 1);
    }

    @Test
    void probesAnswerWithoutCredentials() {
        RawHttp anonymous = herald.http(null, null);
        assertThat(anonymous.get("/readyz").json().get("status").asText()).isEqualTo("ready");
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(admin().get("/readyz").json().get("status").asText()).isEqualTo("ready");
        assertThat(admin().get("/healthz").json().get("status").asText()).isEqualTo("ok");
        assertThat(admin().get("/nothing").status()).isEqualTo(404);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401); // the main port serves no metrics
    }

    @Test
    void everyAnswerCarriesARequestId() {
        String generated = http.get("/v1/Services").header("Twilio-Request-Id");
        assertThat(generated).matches("RQ[0-9a-f]{32}");
        assertThat(herald.http(null, null).get("/v1/Services").header("Twilio-Request-Id"))
                .matches("RQ[0-9a-f]{32}").isNotEqualTo(generated);
        assertThat(http.get("/v1/Services", "X-Request-Id", "proxy-1234.abcd").header("Twilio-Request-Id"))
                .isEqualTo("proxy-1234.abcd");
        assertThat(http.get("/v1/Services", "X-Request-Id", "has space inside").header("Twilio-Request-Id"))
                .matches("RQ[0-9a-f]{32}");
    }

    @Test
    void theAccessLogWritesOneLinePerRequestWithoutQueryOrAddresses() throws InterruptedException {
        String service = fixture.service();
        try (LogCapture log = LogCapture.start()) {
            herald.http(null, null).get("/readyz"); // a probe: measured, not logged
            RawHttp.Reply listed = http.get("/v1/Services/" + service + "/Bindings?Identity=secret-identity");
            herald.http(null, null).get("/v1/Services");
            http.get("/v1/Services/" + service + "/Bindings/+15555550123");
            http.get("/2010-04-01/Accounts/" + herald.accountSid() + "/Keys.json");
            // the fixture's own requests may still be logging: wait for the lines of these four requests
            List<String> lines = accessLines(log, "Keys.json", "Bindings status=200", "status=401", "status=404");
            assertThat(lines).noneMatch(l -> l.contains("/readyz"));
            assertThat(line(lines, "Keys.json")).contains("path=/2010-04-01/Accounts/" + herald.accountSid()
                    + "/Keys.json status=200");
            assertThat(line(lines, "Bindings status=200")).contains("method=GET path=/v1/Services/" + service
                    + "/Bindings status=200 bytes=", "account_sid=" + herald.accountSid(),
                    "request_id=" + listed.header("Twilio-Request-Id"));
            assertThat(line(lines, "status=401")).contains("path=/v1/Services status=401", "account_sid=- ");
            assertThat(line(lines, "status=404")).contains("path=/v1/Services/" + service + "/Bindings/* status=404");
            assertThat(String.join("\n", lines)).doesNotContain("secret-identity", "15555550123", "Identity=");
        }
    }

    /**
     * The access log's lines, once one holds each of {@code texts} (up to 10 s): each line is written after its
     * answer.
     */
    private static List<String> accessLines(LogCapture log, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> lines = log.lines().stream().filter(l -> l.contains(" herald.access - ")).toList();
            boolean all = Arrays.stream(texts).allMatch(t -> lines.stream().anyMatch(l -> l.contains(t)));
            if (all || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(20);
        }
    }

    /** The one line of {@code lines} holding {@code text} (lines of requests on different threads may come in any order). */
    private static String line(List<String> lines, String text) {
        List<String> holding = lines.stream().filter(l -> l.contains(text)).toList();
        assertThat(holding).as("lines with %s in %s", text, lines).hasSize(1);
        return holding.get(0);
    }
}
