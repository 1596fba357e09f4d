package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ByteBufferPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP server itself: too few HTTP threads for Jetty's own acceptor and selector threads are a clear start-up
 * error, not a hang; the listening socket keeps a backlog for bursts of new connections; connections share no
 * buffers ({@link Connectors}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiServerThreadsTest {
    @Test
    void tooFewThreadsForJettyIsRefusedAtStartWithAMessage() {
        ApiServer server = new ApiServer(null, null, null, null, null, null, null, 2, 1);
        try {
            assertThatThrownBy(() -> server.start("127.0.0.1", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The HTTP threads are too few for this machine's acceptors and selectors")
                    .hasMessageEndingWith("raise --http-threads.");
        } finally {
            server.close();
        }
    }

    @Test
    void theListeningSocketHoldsABurstOfNewConnections() throws Exception {
        ApiServer server = new ApiServer(null, null, null, null, null, null, null, 16, 8).start("127.0.0.1", 0);
        try {
            assertThat(server.connector().getAcceptQueueSize()).isEqualTo(ApiServer.ACCEPT_QUEUE)
                    .isGreaterThanOrEqualTo(1024);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void connectionsShareNoBuffers() {
        ApiServer server = new ApiServer(null, null, null, null, null, null, null, 16, 8).start("127.0.0.1", 0);
        try {
            assertThat(server.connector().getByteBufferPool()).isInstanceOf(ByteBufferPool.NonPooling.class);
        } finally {
            server.close();
        }
    }
}
