package dev.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** Plain HTTP/1.1 requests to a {@link TestHerald}, authenticated as its account unless told otherwise. */
public final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final String authorization;

    public RawHttp(TestHerald herald) {
        this(herald.baseUrl(), herald.accountSid(), herald.authToken());
    }

    public RawHttp(String base, String user, String password) {
        this(base, user, password, null);
    }

    /** Requests to {@code base} ({@code https://…}) over TLS trusting what {@code tls} trusts (null: the JDK's). */
    public RawHttp(String base, String user, String password, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        this.client = (tls == null ? builder : builder.sslContext(tls)).build();
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A response: status, headers, raw body, and the body as JSON (null when empty or not JSON). */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    /** GETs with the header {@code name}: {@code value} as well. */
    public Reply get(String pathAndQuery, String name, String value) {
        return send(request(pathAndQuery).header(name, value).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** POSTs {@code form}, an already-encoded {@code a=b&c=d} body. */
    public Reply post(String path, String form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** POSTs {@code form} with the header {@code name}: {@code value} as well (not when {@code value} is null). */
    public Reply post(String path, String form, String name, String value) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (value != null) {
            builder.header(name, value);
        }
        return send(builder);
    }

    /** Any method with any body and content type. */
    public Reply send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** {@code key=value} pairs URL-encoded and joined with {@code &}; keys may repeat. */
    public static String form(String... keysAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
