package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** List pages are gzipped for clients that accept gzip; small bodies and other clients get plain JSON. */
@Timeout(60)
class CompressionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static String service;
    private static String binding;

    @BeforeAll
    static void createBindings() {
        Fixtures fixture = herald.fixture();
        service = fixture.service("gzip");
        for (int i = 0; i < 20; i++) {
            binding = fixture.binding(service, "user-" + i, "apn", "token-" + i, "news");
        }
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(herald.baseUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (herald.accountSid() + ":" + herald.authToken()).getBytes(StandardCharsets.UTF_8)));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return JSON.readTree(in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip, deflate", "deflate, GZIP;q=0.5", "*", "br;q=1.0, gzip;q=0.8"})
    void aListPageIsGzippedForAClientThatAcceptsGzip(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> reply = get("/v1/Services/" + service + "/Bindings?PageSize=20", acceptEncoding);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(reply.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        JsonNode page = gunzip(reply.body());
        assertThat(page.get("bindings")).hasSize(20);
        assertThat(page.get("meta").get("key").asText()).isEqualTo("bindings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "deflate", "gzip;q=0", "gzip; q=0.000, deflate"})
    void aListPageIsPlainForAClientThatDoesNotAcceptGzip(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> reply = get("/v1/Services/" + service + "/Bindings?PageSize=20", acceptEncoding);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(JSON.readTree(reply.body()).get("bindings")).hasSize(20);
        assertThat(get("/v1/Services/" + service + "/Bindings?PageSize=20", null).headers()
                .firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aSmallBodyIsNeverGzipped() throws Exception {
        HttpResponse<byte[]> reply = get("/v1/Services/" + service + "/Bindings/" + binding, "gzip");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(JSON.readTree(reply.body()).get("sid").asText()).isEqualTo(binding);
        HttpResponse<byte[]> error = get("/v1/Services/" + service + "/Bindings/BS00000000000000000000000000000000", "gzip");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(JSON.readTree(error.body()).get("code").asInt()).isEqualTo(20404);
    }

    /** Found by FuzzTest: a 404 echoing a long path was over the gzip threshold and was gzipped. */
    @Test
    void aLargeErrorIsNeverGzipped() throws Exception {
        String path = "/v1/Services/" + service + "/" + "long".repeat(1000);
        HttpResponse<byte[]> error = get(path, "gzip");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.body().length).isGreaterThan(Call.GZIP_FROM_BYTES);
        assertThat(error.headers().firstValue("Content-Encoding")).isEmpty();
        JsonNode json = JSON.readTree(error.body());
        assertThat(json.get("code").asInt()).isEqualTo(20404);
        assertThat(json.get("message").asText()).isEqualTo("The requested resource " + path.substring(3)
                + " was not found");
    }
}
