package dev.herald.delivery.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.delivery.http.KeepAlivePool.Response;
import dev.herald.delivery.http.LoopbackHttp.Answer;
import dev.herald.testing.TestPki;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link KeepAlivePool} against {@link LoopbackHttp}: reuse, queueing, and every way a request can end badly. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAlivePoolTest {
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-www-form-urlencoded",
            "Authorization", "Basic dGVzdA==");

    private static KeepAlivePool pool(LoopbackHttp server, int connections, Duration timeout) {
        return pool(URI.create("http://127.0.0.1:" + server.port() + "/base"), connections, timeout, null);
    }

    private static KeepAlivePool pool(URI origin, int connections, Duration timeout, SslContext tls) {
        return new KeepAlivePool("test API", origin, null, connections, timeout, tls,
                new NioEventLoopGroup(1, new DefaultThreadFactory("herald-test", true)), true);
    }

    private static List<CompletableFuture<Response>> post(KeepAlivePool pool, int count) {
        List<CompletableFuture<Response>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(pool.post("/base/Messages.json", HEADERS, ("To=%2B1&Body=" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return all;
    }

    private static Throwable failure(CompletableFuture<Response> future) {
        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isNotNull();
        return future.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    @Test
    void requestsBeyondThePoolQueueAndReuseItsConnections() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> {
                Thread.sleep(1);
                return Answer.OK;
            });
             KeepAlivePool pool = pool(server, 4, Duration.ofSeconds(10))) {
            List<CompletableFuture<Response>> all = post(pool, 300);
            for (CompletableFuture<Response> f : all) {
                Response r = f.get(20, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.body()).startsWith("{\"sid\":\"SM");
                assertThat(r.retryAfter()).isEqualTo("7");
            }
            assertThat(server.requests).hasSize(300);
            assertThat(server.accepted.get()).as("connections opened").isBetween(1, 4);
            LoopbackHttp.Request first = server.requests.get(0);
            assertThat(first.head().get(0)).isEqualTo("POST /base/Messages.json HTTP/1.1");
            assertThat(first.header("Host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(first.header("Authorization")).isEqualTo("Basic dGVzdA==");
            assertThat(first.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(server.requests.stream().map(LoopbackHttp.Request::body))
                    .contains("To=%2B1&Body=0", "To=%2B1&Body=299");
        }
    }

    @Test
    void aServerClosingAfterEachAnswerStillGetsEveryRequest() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> Answer.OK_AND_CLOSE);
             KeepAlivePool pool = pool(server, 3, Duration.ofSeconds(10))) {
            for (CompletableFuture<Response> f : post(pool, 60)) {
                assertThat(f.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            assertThat(server.accepted.get()).as("a connection a request").isEqualTo(60);
        }
    }

    @Test
    void aRequestWithoutAnswerFailsAfterTheTimeoutAndItsConnectionIsNotReused() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> c == 0 ? Answer.SILENT : Answer.OK);
             KeepAlivePool pool = pool(server, 1, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThat(failure(post(pool, 1).get(0))).isInstanceOf(HttpTimeoutException.class);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));

            assertThat(post(pool, 1).get(0).get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(server.accepted.get()).as("a new connection for the next request").isEqualTo(2);
        }
    }

    @Test
    void requestsQueuedBehindASilentServerTimeOutToo() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> Answer.SILENT);
             KeepAlivePool pool = pool(server, 2, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            for (CompletableFuture<Response> f : post(pool, 10)) {
                assertThat(failure(f)).isInstanceOf(HttpTimeoutException.class);
            }
            assertThat(System.nanoTime() - start).as("the timeout counts from post, queueing included")
                    .isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void aResetOrAnAnswerTooLargeFailsTheRequestAndTheNextOneGoesThrough() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> c == 0 ? Answer.RESET
                : c == 1 ? Answer.TOO_BIG : Answer.OK);
             KeepAlivePool pool = pool(server, 1, Duration.ofSeconds(10))) {
            assertThat(failure(post(pool, 1).get(0))).isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
            assertThat(failure(post(pool, 1).get(0))).isNotInstanceOf(HttpTimeoutException.class);
            assertThat(post(pool, 1).get(0).get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(server.accepted.get()).isEqualTo(3);
        }
    }

    @Test
    void aRefusedConnectionFailsAndAClosedPoolFailsWhatIsLeft() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (KeepAlivePool refused = pool(URI.create("http://127.0.0.1:" + port), 2,
                Duration.ofSeconds(10), null)) {
            assertThat(failure(post(refused, 1).get(0))).isInstanceOf(java.net.ConnectException.class);
        }
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> Answer.SILENT)) {
            KeepAlivePool pool = pool(server, 1, Duration.ofSeconds(20));
            List<CompletableFuture<Response>> pending = post(pool, 3);
            Thread.sleep(100);
            pool.close();
            for (CompletableFuture<Response> f : pending) {
                assertThat(failure(f)).isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
            }
            assertThat(failure(post(pool, 1).get(0))).hasMessageContaining("closed");
        }
    }

    @Test
    void httpsIsVerifiedAgainstTheTrustGiven() throws Exception {
        TestPki.Issued ca = TestPki.authority("CN=Test SMS CA");
        SslContext trust = SslContextBuilder.forClient().trustManager(ca.certificate()).build();
        try (LoopbackHttp good = new LoopbackHttp(tlsSocket(ca, TestPki.localhostServer(ca)), (c, r) -> Answer.OK);
             LoopbackHttp wrongName = new LoopbackHttp(tlsSocket(ca, TestPki.server(ca, "sms.example")),
                     (c, r) -> Answer.OK);
             KeepAlivePool pool = pool(URI.create("https://127.0.0.1:" + good.port()), 2,
                     Duration.ofSeconds(10), trust);
             KeepAlivePool mismatch = pool(URI.create("https://127.0.0.1:" + wrongName.port()), 2,
                     Duration.ofSeconds(10), trust)) {
            for (CompletableFuture<Response> f : post(pool, 20)) {
                assertThat(f.get(20, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            assertThat(good.accepted.get()).isLessThanOrEqualTo(2);
            assertThat(failure(post(mismatch, 1).get(0))).isNotInstanceOf(HttpTimeoutException.class);
            assertThat(wrongName.requests).isEmpty();
        }
    }

    @Test
    void poolsOnASharedLoopGoToTheAddressGivenAndCloseAlone() throws Exception {
        try (LoopbackHttp server = new LoopbackHttp((c, r) -> Answer.OK);
             KeepAlivePool.Loop loop = new KeepAlivePool.Loop("herald-test-loop")) {
            // a host that does not resolve: the pool must not look it up, only connect to the address given
            URI origin = URI.create("http://callbacks.invalid:" + server.port());
            KeepAlivePool first = KeepAlivePool.onLoop(loop, "callback endpoint", origin,
                    InetAddress.getLoopbackAddress(), 2, Duration.ofSeconds(10));
            KeepAlivePool second = KeepAlivePool.onLoop(loop, "callback endpoint", origin,
                    InetAddress.getLoopbackAddress(), 2, Duration.ofSeconds(10));
            assertThat(first.post("/a", Map.of(), new byte[] {'x'}).get(20, TimeUnit.SECONDS).status())
                    .isEqualTo(201);
            assertThat(server.requests.get(0).header("Host")).isEqualTo("callbacks.invalid:" + server.port());
            first.close();
            assertThat(failure(first.post("/a", Map.of(), new byte[] {'x'}))).hasMessage(
                    "The client of the callback endpoint is closed.");
            assertThat(second.post("/b", Map.of(), new byte[] {'y'}).get(20, TimeUnit.SECONDS).status())
                    .as("the other pool on the loop still works").isEqualTo(201);
            second.close();
        }
        try (KeepAlivePool.Loop loop = new KeepAlivePool.Loop("herald-test-loop")) {
            KeepAlivePool unresolved = KeepAlivePool.onLoop(loop, "callback endpoint",
                    URI.create("http://callbacks.invalid:9"), null, 1, Duration.ofSeconds(10));
            assertThat(failure(unresolved.post("/a", Map.of(), new byte[0]))).isInstanceOf(IOException.class);
            unresolved.close();
        }
    }

    private static java.net.ServerSocket tlsSocket(TestPki.Issued ca, TestPki.Issued server) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.key(), new char[0], new Certificate[] {server.certificate(),
                ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context.getServerSocketFactory().createServerSocket(0, 100, InetAddress.getLoopbackAddress());
    }
}
