package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Following a Notification over HTTP: waiting for its fan-out and delivery to end, reading its deliveries. */
public final class Sends {
    private Sends() {
    }

    /**
     * Polls {@code GET notificationPath} every 50 ms until its {@code delivery.state} is {@code done}, for at most
     * {@code seconds}, and answers that {@code delivery} object.
     */
    public static JsonNode awaitDone(RawHttp http, String notificationPath, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode delivery = http.get(notificationPath).json().get("delivery");
            if (delivery.get("state").asText().equals("done")) {
                return delivery;
            }
            assertThat(System.nanoTime()).as("done within %d s, at %s", seconds, delivery).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every delivery of the Notification at {@code notificationPath}, page after page ({@code query} e.g. {@code ?Status=rejected}). */
    public static List<JsonNode> deliveries(RawHttp http, String notificationPath, String query) {
        List<JsonNode> all = new ArrayList<>();
        String next = notificationPath + "/Deliveries" + (query.isEmpty() ? "?PageSize=1000" : query);
        while (next != null) {
            JsonNode page = http.get(next).json();
            page.get("deliveries").forEach(all::add);
            JsonNode url = page.get("meta").get("next_page_url");
            next = url.isNull() ? null : url.asText().substring(url.asText().indexOf("/v1/"));
        }
        return all;
    }

    /** The path of a Notification of {@code service}. */
    public static String path(String service, String sid) {
        return "/v1/Services/" + service + "/Notifications/" + sid;
    }

    /**
     * Sends a Notification to {@code service} (form {@code keysAndValues}), waits up to {@code seconds} for it to be
     * done, and answers its {@code delivery} object with its {@code sid} added.
     */
    public static JsonNode sendAndAwait(RawHttp http, String service, int seconds, String... keysAndValues) {
        JsonNode sent = Fixtures.created(http.post("/v1/Services/" + service + "/Notifications",
                RawHttp.form(keysAndValues)));
        String sid = sent.get("sid").asText();
        return ((ObjectNode) awaitDone(http, path(service, sid), seconds).deepCopy()).put("sid", sid);
    }

    /** The deliveries of Notification {@code sid} of {@code service} by address ({@code query} as for {@link #deliveries}). */
    public static Map<String, JsonNode> byAddress(RawHttp http, String service, String sid, String query) {
        Map<String, JsonNode> byAddress = new HashMap<>();
        deliveries(http, path(service, sid), query).forEach(d -> byAddress.put(d.get("address").asText(), d));
        return byAddress;
    }
}
