package dev.herald.testing;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Twilio Messages API on loopback (plain HTTP): {@code POST /2010-04-01/Accounts/<account>/Messages.json}.
 * Requests without HTTP Basic as {@code account}:{@code token} are answered 401 with Twilio's error 20003; otherwise
 * each {@code To} is answered as a test scripts it, else 201 with a new Message SID. Every request is recorded,
 * its form parsed field by field. Thread-safe.
 */
public final class FakeSms implements AutoCloseable {
    private final String account;
    private final String token;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AtomicLong sids = new AtomicLong();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();

    /** One request as received: its path, Authorization header, form fields in order, and when (epoch ms). */
    public record Received(String path, String authorization, Map<String, List<String>> form, long atMillis) {
        public String field(String name) {
            List<String> values = form.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** What the fake answers: {@code status} and a JSON {@code body}, with {@code retryAfter} when not null. */
    public record Reply(int status, String body, String retryAfter) {
    }

    public FakeSms(String account, String token) {
        this.account = account;
        this.token = token;
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

    /** Answers the next requests to {@code to} with {@code replies}, in order, then accepts again. */
    public void script(String to, Reply... replies) {
        scripts.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    public static Reply error(int status, int code, String retryAfter) {
        return new Reply(status, "{\"code\":" + code + ",\"message\":\"Refused +15555550100\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}", retryAfter);
    }

    /** The requests to {@code to}, in the order they came. */
    public List<Received> received(String to) {
        return received.stream().filter(r -> to.equals(r.field("To"))).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, List<String>> form = parse(new String(body, StandardCharsets.UTF_8));
            Received r = new Received(exchange.getRequestURI().getRawPath(), auth, form, System.currentTimeMillis());
            received.add(r);
            String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (account + ":" + token).getBytes(StandardCharsets.UTF_8));
            Reply reply;
            if (!exchange.getRequestMethod().equals("POST")
                    || !r.path().equals("/2010-04-01/Accounts/" + account + "/Messages.json")) {
                reply = error(404, 20404, null);
            } else if (!expected.equals(auth)) {
                reply = error(401, 20003, null);
            } else {
                Deque<Reply> script = r.field("To") == null ? null : scripts.get(r.field("To"));
                Reply next = script == null ? null : script.poll();
                reply = next != null ? next : new Reply(201, "{\"sid\":\"SM" + String.format("%032x",
                        sids.incrementAndGet()) + "\",\"status\":\"accepted\"}", null);
            }
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

    private static Map<String, List<String>> parse(String form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
