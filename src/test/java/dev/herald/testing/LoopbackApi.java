package dev.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A provider's HTTP API on loopback (plain HTTP/1.1, for {@link FakeSms} and {@link FakeMessenger}): every request
 * is recorded; each is answered by the provider's {@code answer} function, given the reply a test scripted for the
 * request's key ({@code keyOf}: the recipient) or null. Thread-safe.
 */
public final class LoopbackApi implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final Function<Received, String> keyOf;
    private final BiFunction<Received, Reply, Reply> answer;

    /** One request as received: method, path, headers (lower-case names, first values), body, when (epoch ms). */
    public record Received(String method, String path, Map<String, String> headers, String body, long atMillis) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The body as a form, each field's values in order. */
        public Map<String, List<String>> form() {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
            return fields;
        }

        public String field(String name) {
            List<String> values = form().get(name);
            return values == null ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                return MAPPER.createObjectNode();
            }
        }
    }

    /** An answer: {@code status} and a JSON {@code body}, with a {@code Retry-After} header when not null. */
    public record Reply(int status, String body, String retryAfter) {
    }

    public LoopbackApi(Function<Received, String> keyOf, BiFunction<Received, Reply, Reply> answer) {
        this.keyOf = keyOf;
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next requests for {@code key} with {@code replies}, in order, then as usual again. */
    public void script(String key, Reply... replies) {
        scripts.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** The requests for {@code key}, in the order they came. */
    public List<Received> received(String key) {
        return received.stream().filter(r -> key.equals(keyOf.apply(r))).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.get(0)));
            Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    System.currentTimeMillis());
            received.add(r);
            String key = keyOf.apply(r);
            Deque<Reply> script = key == null ? null : scripts.get(key);
            Reply reply = answer.apply(r, script == null ? null : script.poll());
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
