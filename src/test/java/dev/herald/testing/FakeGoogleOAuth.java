package dev.herald.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Google's OAuth 2.0 token endpoint as a service account meets it, on loopback over plain HTTP: a JWT-bearer grant
 * is answered {@code {"access_token":"ya29.fake-N","expires_in":…,"token_type":"Bearer"}} (N counting from 1), or
 * {@code 400 invalid_grant} while {@link #refuse} is set. It counts the requests and keeps the claims of the last
 * assertion. Thread-safe.
 */
public final class FakeGoogleOAuth implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Map<String, Object>> lastClaims = new AtomicReference<>();
    private volatile boolean refuse;
    private volatile long expiresInSeconds = 3600;

    public FakeGoogleOAuth() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::token);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-oauth");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Where service-account JSONs point ({@code token_uri}). */
    public String tokenUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public int requests() {
        return requests.get();
    }

    /** Whether {@code bearer} is an access token this endpoint issued. */
    public boolean issued(String bearer) {
        return issued.contains(bearer);
    }

    /** The claims of the last JWT assertion received ({@code iss}, {@code scope}, {@code aud}, …), or null. */
    public Map<String, Object> lastClaims() {
        return lastClaims.get();
    }

    /** While set, every grant is refused with {@code 400 invalid_grant}. */
    public void refuse(boolean value) {
        refuse = value;
    }

    public void expiresIn(long seconds) {
        expiresInSeconds = seconds;
    }

    public void reset() {
        requests.set(0);
        refuse = false;
        expiresInSeconds = 3600;
        lastClaims.set(null);
    }

    @SuppressWarnings("unchecked")
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = requests.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String assertion = null;
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("assertion")) {
                    assertion = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            if (assertion != null && assertion.split("\\.").length == 3) {
                lastClaims.set(MAPPER.readValue(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), Map.class));
            }
            if (refuse || assertion == null || !exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
                return;
            }
            String token = "ya29.fake-" + n;
            issued.add(token);
            reply(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresInSeconds
                    + ",\"token_type\":\"Bearer\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
