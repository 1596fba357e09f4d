package dev.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FCM HTTP v1 on loopback: {@code POST /v1/projects/<p>/messages:send} over HTTP/2 only (TLS with ALPN {@code h2},
 * a certificate from {@link TestPki}; a client that cannot speak HTTP/2 is disconnected), plus Google's token
 * endpoint ({@link FakeGoogleOAuth}) that the service-account JSONs of {@link #serviceAccount} point at. A request
 * whose bearer token the token endpoint did not issue is answered 401 UNAUTHENTICATED; otherwise each registration
 * token is answered as a test scripts it, else accepted ({@code {"name":"projects/<p>/messages/<n>"}}). Every
 * request is recorded. Thread-safe.
 */
public final class FakeFcm implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** One RSA key for every service account: generating one takes a while. */
    private static final KeyPair ACCOUNT_KEY = TestPki.rsa();

    /** What the server answers one message. */
    public sealed interface Reply {
    }

    public record Accept() implements Reply {
    }

    /** An error: {@code status}, a JSON {@code body}, and a {@code Retry-After} header when not null. */
    public record Error(int status, String body, String retryAfter) implements Reply {
    }

    /**
     * One request as the server received it, at {@code atMillis}: headers with lower-case names, the registration
     * token from the body.
     */
    public record Received(String method, String path, Map<String, String> headers, String body, String token,
                           long atMillis) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final TestPki.Issued authority = TestPki.authority("CN=Fake Google Trust Services");
    private final FakeGoogleOAuth oauth = new FakeGoogleOAuth();
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final Channel server;
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger messageIds = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger http1Clients = new AtomicInteger();
    private volatile long delayMillis;

    /** A server that lets each connection have 100 streams open, as Google's front ends do. */
    public FakeFcm() {
        this(100);
    }

    public FakeFcm(int maxConcurrentStreams) {
        try {
            TestPki.Issued cert = TestPki.localhostServer(authority);
            SslContext tls = SslContextBuilder.forServer(cert.key(), cert.certificate(), authority.certificate())
                    .sslProvider(SslProvider.JDK)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2))
                    .build();
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()), negotiation(maxConcurrentStreams));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("The fake FCM server did not start.", e);
        }
    }

    private ApplicationProtocolNegotiationHandler negotiation(int maxConcurrentStreams) {
        return new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    http1Clients.incrementAndGet();
                    ctx.close();
                    return;
                }
                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams))
                                .build(),
                        new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel stream) {
                                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                        new HttpObjectAggregator(1 << 20), new FakeFcmStream(FakeFcm.this));
                            }
                        }));
            }
        };
    }

    /** {@code https://localhost:<port>}: the {@code --fcm-url} of this server. */
    public String url() {
        return "https://localhost:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The certificate clients must trust for this server ({@code --fcm-trust}). */
    public X509Certificate trust() {
        return authority.certificate();
    }

    public FakeGoogleOAuth oauth() {
        return oauth;
    }

    /**
     * A service-account JSON for {@code projectId} as the Firebase console downloads it, its {@code token_uri} this
     * fake's token endpoint.
     */
    public String serviceAccount(String projectId) {
        ObjectNode json = MAPPER.createObjectNode().put("type", "service_account").put("project_id", projectId)
                .put("private_key_id", "0123456789abcdef0123456789abcdef01234567")
                .put("private_key", TestPki.pkcs8Pem(ACCOUNT_KEY.getPrivate()))
                .put("client_email", "firebase-adminsdk@" + projectId + ".iam.gserviceaccount.com")
                .put("client_id", "109876543210987654321")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", oauth.tokenUri());
        return json.toString();
    }

    /** The next messages to {@code token} get {@code replies} in order; then they are accepted. */
    public void script(String token, Reply... replies) {
        scripts.computeIfAbsent(token, t -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** Every answer waits {@code delay} (to keep requests in flight together). */
    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** FCM's error body: {@code status} (e.g. NOT_FOUND), the FcmError {@code errorCode} (or null), a message. */
    public static Error error(int code, String status, String errorCode, String message, String retryAfter) {
        ObjectNode error = MAPPER.createObjectNode().put("code", code).put("message", message).put("status", status);
        if (errorCode != null) {
            error.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", errorCode);
        }
        return new Error(code, MAPPER.createObjectNode().set("error", error).toString(), retryAfter);
    }

    public static Error unregistered() {
        return error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null);
    }

    /** FCM's answer to a token that is not a registration token at all. */
    public static Error invalidToken() {
        return new Error(400, "{\"error\":{\"code\":400,\"message\":\"The registration token is not a valid FCM "
                + "registration token\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/"
                + "google.firebase.fcm.v1.FcmError\",\"errorCode\":\"INVALID_ARGUMENT\"},{\"@type\":\"type.googleapis"
                + ".com/google.rpc.BadRequest\",\"fieldViolations\":[{\"field\":\"message.token\",\"description\":"
                + "\"Invalid registration token\"}]}]}}", null);
    }

    public static Error quotaExceeded(String retryAfter) {
        return error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for sending messages.", retryAfter);
    }

    public static Error unavailable(String retryAfter) {
        return error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", retryAfter);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String token) {
        return received.stream().filter(r -> token.equals(r.token())).toList();
    }

    /** The most requests this server had unanswered at once. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** Clients that connected without offering HTTP/2 (and were disconnected). */
    public int http1Clients() {
        return http1Clients.get();
    }

    public void clear() {
        received.clear();
        scripts.clear();
        delayMillis = 0;
        peakInFlight.set(0);
        oauth.reset();
    }

    // --- for FakeFcmStream ---

    long delayMillis() {
        return delayMillis;
    }

    int started() {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        return now;
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    /** Records the request and decides its answer. */
    Reply answer(Received request) {
        received.add(request);
        String auth = request.headers().getOrDefault("authorization", "");
        if (!auth.startsWith("Bearer ") || !oauth.issued(auth.substring(7))) {
            return error(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials.", null);
        }
        Deque<Reply> script = request.token() == null ? null : scripts.get(request.token());
        synchronized (this) {
            return script == null || script.isEmpty() ? new Accept() : script.poll();
        }
    }

    int nextMessageId() {
        return messageIds.incrementAndGet();
    }

    @Override
    public void close() {
        try {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            oauth.close();
        }
    }
}
