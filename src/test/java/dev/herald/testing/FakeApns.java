package dev.herald.testing;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Pushy's {@link MockApnsServer} on loopback with TLS from {@link TestPki}, answering each device token as a test
 * scripts it (else accepting), and recording every notification that reached it. Client certificates issued by
 * {@link #clientAuthority()} are trusted; token-auth clients connect without one. Thread-safe.
 */
public final class FakeApns implements AutoCloseable {
    /** What the server answers one notification. */
    public sealed interface Reply {
    }

    public record Accept() implements Reply {
    }

    public record Reject(RejectionReason reason) implements Reply {
    }

    public record Unregistered(Instant at) implements Reply {
    }

    /** One notification as the server received it. */
    public record Received(String token, Map<String, String> headers, String payload) {
    }

    private final TestPki.Issued serverAuthority = TestPki.authority("CN=Fake APNs Root");
    private final TestPki.Issued clientAuthority = TestPki.authority("CN=Fake Apple Worldwide Developer Relations");
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final MockApnsServer server;
    private final int port;
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public FakeApns() {
        try {
            TestPki.Issued cert = TestPki.localhostServer(serverAuthority);
            server = new MockApnsServerBuilder()
                    .setServerCredentials(new X509Certificate[] {cert.certificate(), serverAuthority.certificate()},
                            cert.key(), null)
                    .setTrustedClientCertificateChain(new ByteArrayInputStream(
                            clientAuthority.certificatePem().getBytes(StandardCharsets.US_ASCII)))
                    .setEventLoopGroup(group)
                    .setHandlerFactory(session -> this::handle)
                    .build();
            port = (Integer) server.start(0).get(10, TimeUnit.SECONDS); // the port it bound
        } catch (Exception e) {
            throw new IllegalStateException("The fake APNs server did not start.", e);
        }
    }

    public int port() {
        return port;
    }

    /** The certificate clients must trust for this server ({@code --apns-trust}). */
    public X509Certificate trust() {
        return serverAuthority.certificate();
    }

    /** The authority whose client certificates this server accepts. */
    public TestPki.Issued clientAuthority() {
        return clientAuthority;
    }

    /** The next notifications to {@code token} get {@code replies} in order; then they are accepted. */
    public void script(String token, Reply... replies) {
        scripts.computeIfAbsent(token, t -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String token) {
        return received.stream().filter(r -> r.token().equals(token)).toList();
    }

    public void clear() {
        received.clear();
        scripts.clear();
    }

    private void handle(Http2Headers headers, io.netty.buffer.ByteBuf payload) throws RejectedNotificationException {
        String path = headers.path().toString();
        String token = path.substring(path.lastIndexOf('/') + 1);
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach(e -> h.put(e.getKey().toString(), e.getValue().toString()));
        received.add(new Received(token, h, payload.toString(StandardCharsets.UTF_8)));
        Deque<Reply> script = scripts.get(token);
        Reply reply;
        synchronized (this) {
            reply = script == null || script.isEmpty() ? new Accept() : script.poll();
        }
        if (reply instanceof Reject r) {
            throw new RejectedNotificationException(r.reason());
        }
        if (reply instanceof Unregistered u) {
            throw new UnregisteredDeviceTokenException(u.at());
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
