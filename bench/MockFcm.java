import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The FCM side of bench/notify.sh (FCM=mock), run with the Herald jar on the class path (Netty is in it):
 *
 *   server PORT OAUTH_PORT SERVER_CERT SERVER_KEY COUNT_FILE
 *       FCM HTTP v1 on PORT: HTTP/2 only, TLS with SERVER_CERT/SERVER_KEY (PKCS#8 PEM), 100 streams a connection
 *       like Google's; every POST .../messages:send answered 200 {"name": "projects/bench/messages/N"}. An OAuth
 *       token endpoint (plain HTTP) on OAUTH_PORT, /token, answering any request with a token for an hour. Writes
 *       "messages token_requests" to COUNT_FILE every second, until killed.
 *   bare URL TRUST COUNT IN_FLIGHT
 *       A bare JDK HTTP/2 client (as Herald's) sending COUNT messages:send requests to URL as fast as it can with at
 *       most IN_FLIGHT outstanding; prints the rate.
 */
public class MockFcm {
    static final AtomicLong MESSAGES = new AtomicLong();
    static final AtomicLong TOKENS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length == 6 && args[0].equals("server")) {
            server(args);
        } else if (args.length == 5 && args[0].equals("bare")) {
            bare(args);
        } else {
            System.err.println("usage: server PORT OAUTH_PORT CERT KEY COUNT_FILE | bare URL TRUST COUNT IN_FLIGHT");
            System.exit(2);
        }
    }

    static void server(String[] a) throws Exception {
        HttpServer oauth = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[2])), 0);
        oauth.createContext("/token", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] body = ("{\"access_token\":\"ya29.bench-" + TOKENS.incrementAndGet()
                    + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        oauth.start();
        SslContext tls = SslContextBuilder.forServer(new File(a[3]), new File(a[4])).sslProvider(SslProvider.JDK)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        new ServerBootstrap().group(new NioEventLoopGroup(2)).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ApplicationProtocolNegotiationHandler(
                                ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    ctx.close();
                                    return;
                                }
                                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100))
                                        .build(), new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                            @Override
                                            protected void initChannel(Channel stream) {
                                                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                                                        new HttpObjectAggregator(1 << 20), new Send());
                                            }
                                        }));
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1]))).sync();
        System.out.println("mock FCM listening on " + a[1] + ", OAuth on " + a[2]);
        Path out = Path.of(a[5]);
        while (true) {
            Files.writeString(out, MESSAGES.get() + " " + TOKENS.get() + "\n");
            Thread.sleep(1000);
        }
    }

    /** One stream: a messages:send answered at once. */
    static final class Send extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] bytes = ("{\"name\":\"projects/bench/messages/" + MESSAGES.incrementAndGet() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            ctx.writeAndFlush(response);
        }
    }

    static void bare(String[] a) throws Exception {
        int count = Integer.parseInt(a[3]);
        int max = Integer.parseInt(a[4]);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(a[2]))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(ssl).build();
        URI uri = URI.create(a[1] + "/v1/projects/bench/messages:send");
        Semaphore inFlight = new Semaphore(max);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // one request alone first: the connection, so that the others share it
        client.send(request(uri, 0), HttpResponse.BodyHandlers.ofString());
        run(client, uri, inFlight, 20_000, new AtomicLong(), new AtomicLong()); // warm-up
        inFlight.acquire(max);
        inFlight.release(max);
        long t0 = System.nanoTime();
        run(client, uri, inFlight, count, ok, failed);
        inFlight.acquire(max);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bare HTTP/2 client: %d accepted, %d not, in %.1f s: %.0f messages/s%n", ok.get(),
                failed.get(), secs, ok.get() / secs);
        System.exit(0);
    }

    private static void run(HttpClient client, URI uri, Semaphore inFlight, int count, AtomicLong ok, AtomicLong failed)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.sendAsync(request(uri, i), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
    }

    private static HttpRequest request(URI uri, int i) {
        String body = "{\"message\":{\"token\":\"token-" + i + "\",\"data\":{\"twi_title\":\"Bench\",\"twi_body\":"
                + "\"Hello from the notify bench\"},\"android\":{\"priority\":\"HIGH\",\"ttl\":\"2419200s\"}}}";
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer ya29.bench")
                .header("Content-Type", "application/json; UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
