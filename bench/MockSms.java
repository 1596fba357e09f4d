import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMS side of bench/notify.sh (SMS=mock), run with the Herald jar on the class path (Netty is in it):
 *
 *   server PORT COUNT_FILE
 *       A Twilio Messages API on PORT (plain HTTP/1.1, keep-alive): every POST .../Messages.json answered 201
 *       {"sid": "SM…"} at once, whatever its account. Writes the number of messages to COUNT_FILE every second,
 *       until killed.
 *   bare URL ACCOUNT COUNT IN_FLIGHT
 *       A bare JDK HTTP/1.1 client (as Herald's SMS channel) sending COUNT messages to URL as fast as it can with at
 *       most IN_FLIGHT outstanding; prints the rate.
 */
public class MockSms {
    static final AtomicLong MESSAGES = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("server")) {
            server(args);
        } else if (args.length == 5 && args[0].equals("bare")) {
            bare(args);
        } else {
            System.err.println("usage: server PORT COUNT_FILE | bare URL ACCOUNT COUNT IN_FLIGHT");
            System.exit(2);
        }
    }

    static void server(String[] a) throws Exception {
        new ServerBootstrap().group(new NioEventLoopGroup(2)).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Send());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[1]))).sync();
        System.out.println("mock SMS listening on " + a[1]);
        Path out = Path.of(a[2]);
        while (true) {
            Files.writeString(out, MESSAGES.get() + "\n");
            Thread.sleep(1000);
        }
    }

    /** A message answered at once, on a connection kept open. */
    static final class Send extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] bytes = String.format("{\"sid\":\"SM%032x\",\"status\":\"accepted\"}", MESSAGES.incrementAndGet())
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.CREATED, Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
            ctx.writeAndFlush(response);
        }
    }

    static void bare(String[] a) throws Exception {
        int count = Integer.parseInt(a[3]);
        int max = Integer.parseInt(a[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(a[1] + "/2010-04-01/Accounts/" + a[2] + "/Messages.json");
        Semaphore inFlight = new Semaphore(max);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        run(client, uri, inFlight, 20_000, new AtomicLong(), new AtomicLong()); // warm-up
        inFlight.acquire(max);
        inFlight.release(max);
        long t0 = System.nanoTime();
        run(client, uri, inFlight, count, ok, failed);
        inFlight.acquire(max);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bare HTTP/1.1 client: %d accepted, %d not, in %.1f s: %.0f messages/s%n", ok.get(),
                failed.get(), secs, ok.get() / secs);
        System.exit(0);
    }

    private static void run(HttpClient client, URI uri, Semaphore inFlight, int count, AtomicLong ok, AtomicLong failed)
            throws InterruptedException {
        String auth = "Basic " + Base64.getEncoder().encodeToString("bench:bench".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            String form = "To=%2B1555" + (1_000_000 + i) + "&Body=Hello+from+the+notify+bench"
                    + "&MessagingServiceSid=MG0123456789abcdef0123456789abcdef";
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", auth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 201) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
    }
}
