package dev.herald.delivery.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A small HTTP/1.1 client for one origin (http or https): at most {@code connections} keep-alive connections, one
 * request on each at a time (no pipelining), the requests beyond them queued first in, first out. Connections are
 * opened when a request needs one and none is idle, to the origin's host or to the one address given (then nothing
 * is resolved: the connection goes where a caller's check of that address allowed); one the server closed is dropped
 * and replaced the next time one is needed. Everything runs on one daemon event-loop thread, the pool's own ({@link
 * #open}) or a {@link Loop} shared by several pools ({@link #onLoop}); its state is confined to it. https verifies
 * the host name against the JDK's default trust (its cacerts).
 *
 * <p>Thread-safe: {@link #post} may be called from any thread and returns at once. Its future completes exactly once,
 * on the event-loop thread: with the {@link Response} (body at most {@link #MAX_BODY} bytes), or exceptionally with
 * an {@link HttpTimeoutException} when no whole answer came within the timeout (counted from {@code post}, queueing
 * included; the connection it was on is closed, never reused), or with the I/O error that ended it: connect failure,
 * reset, connection closed without an answer (a closed idle connection, {@code Connection: close} before answering),
 * TLS failure, an answer too large or malformed, the pool closed. No exception message of this class holds a request's
 * path, headers or body: they name the pool's peer by the {@code peer} given (such as "SMS API").
 */
public final class KeepAlivePool implements AutoCloseable {
    /** The largest answer body read; a larger one fails the request. */
    static final int MAX_BODY = 64 * 1024;

    /** An answer: its status, body (UTF-8) and {@code Retry-After} (null when none). */
    public record Response(int status, String body, String retryAfter) {
    }

    /** One event-loop thread that several pools share; closing it stops them all. Thread-safe. */
    public static final class Loop implements AutoCloseable {
        private final NioEventLoopGroup group;

        /** Starts a daemon thread named {@code threadName-*} (Netty adds a pool number and 1). */
        public Loop(String threadName) {
            this.group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static volatile SslContext defaultTls;

    private final String peer;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final EventLoop loop;
    private final SslContext tls;
    private final String host;
    private final InetAddress address;
    private final int port;
    final String hostHeader;
    private final int connections;
    private final long timeoutNanos;
    private final int connectMillis;
    // confined to loop
    private final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final Set<PooledConnection> open = new HashSet<>();
    private boolean closed;

    /**
     * A pool with an event-loop thread of its own, {@code herald-<name>-*}, that {@link #close} stops; {@code peer}
     * names the other side in error messages ("SMS API").
     */
    public static KeepAlivePool open(String name, String peer, URI origin, int connections, Duration timeout) {
        return new KeepAlivePool(peer, origin, null, connections, timeout, tlsFor(origin),
                new NioEventLoopGroup(1, new DefaultThreadFactory("herald-" + name, true)), true);
    }

    /** A pool on {@code loop} whose connections go to {@code address} (null: the origin's host, resolved). */
    public static KeepAlivePool onLoop(Loop loop, String peer, URI origin, InetAddress address, int connections,
                                       Duration timeout) {
        return new KeepAlivePool(peer, origin, address, connections, timeout, tlsFor(origin), loop.group, false);
    }

    /** {@code origin}'s scheme, host and port are used; {@code tls} is needed for https and ignored for http. */
    KeepAlivePool(String peer, URI origin, InetAddress address, int connections, Duration timeout, SslContext tls,
                  EventLoopGroup group, boolean ownsGroup) {
        boolean https = "https".equalsIgnoreCase(origin.getScheme());
        if (!https && !"http".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null) {
            throw new IllegalArgumentException("The " + peer + " URL must be an http or https URL with a host.");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive.");
        }
        int defaultPort = https ? 443 : 80;
        this.tls = https ? tls : null;
        if (https && tls == null) {
            throw new IllegalArgumentException("An https origin needs a TLS context.");
        }
        this.peer = peer;
        this.hostHeader = origin.getPort() == -1 || origin.getPort() == defaultPort ? origin.getHost()
                : origin.getHost() + ":" + origin.getPort();
        this.host = origin.getHost().replaceAll("^\\[|\\]$", "");
        this.address = address;
        this.port = origin.getPort() == -1 ? defaultPort : origin.getPort();
        this.connections = connections;
        this.timeoutNanos = timeout.toNanos();
        this.connectMillis = (int) Math.min(10_000, Math.max(1, timeout.toMillis()));
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.loop = group.next();
    }

    private static SslContext tlsFor(URI origin) {
        return "https".equalsIgnoreCase(origin.getScheme()) ? defaultTls() : null;
    }

    /** TLS with the JDK's default trust (its cacerts), as the JDK's own HTTP client; made once. */
    static SslContext defaultTls() {
        SslContext context = defaultTls;
        if (context == null) {
            try {
                context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
            } catch (SSLException e) {
                throw new IllegalStateException("TLS could not be set up: " + e.getClass().getName(), e);
            }
            defaultTls = context;
        }
        return context;
    }

    /** POSTs {@code body} to {@code path} (absolute, with any query) with {@code headers} (Host and length added). */
    public CompletableFuture<Response> post(String path, Map<String, String> headers, byte[] body) {
        Exchange x = new Exchange(path, headers, body);
        try {
            loop.execute(() -> submit(x));
        } catch (RejectedExecutionException e) {
            x.future.completeExceptionally(new IOException("The client of the " + peer + " is closed."));
        }
        return x.future;
    }

    /**
     * Fails the requests queued and in flight and closes every connection; a pool of its own ({@link #open}) also
     * stops its event loop (waits ≤ 5 s).
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            shut();
            if (ownsGroup) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
            return;
        }
        try {
            loop.submit(this::shut).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // already closed
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void shut() {
        closed = true;
        IOException shut = new IOException("The client of the " + peer + " is closed.");
        for (Exchange x; (x = queue.poll()) != null; ) {
            fail(x, shut);
        }
        for (PooledConnection c : List.copyOf(open)) {
            c.channel().close(); // fails the exchange on it
        }
    }

    private void submit(Exchange x) {
        if (closed) {
            fail(x, new IOException("The client of the " + peer + " is closed."));
            return;
        }
        x.timer = loop.schedule(() -> expire(x), timeoutNanos, TimeUnit.NANOSECONDS);
        queue.add(x);
        dispatch();
    }

    /** Gives queued requests to idle connections, opening new ones while under the limit. */
    private void dispatch() {
        while (!closed && !queue.isEmpty()) {
            PooledConnection c = idle.pollLast();
            if (c != null) {
                if (c.channel().isActive()) {
                    c.start(queue.poll());
                }
            } else if (open.size() < connections) {
                connect(queue.poll());
            } else {
                return;
            }
        }
    }

    private void connect(Exchange first) {
        PooledConnection c = new PooledConnection(this, first);
        open.add(c);
        ChannelFuture connected = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            SslHandler handler = tls.newHandler(ch.alloc(), host, port);
                            SSLEngine engine = handler.engine();
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            ch.pipeline().addLast(handler);
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), c);
                    }
                })
                .connect(address == null ? InetSocketAddress.createUnresolved(host, port)
                        : new InetSocketAddress(address, port));
        c.attach(connected.channel());
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                c.failAndClose(done.cause());
            } else if (first.done) {
                release(c); // it timed out while connecting
            } else {
                c.start(first);
            }
        });
        connected.channel().closeFuture().addListener(done -> closed(c));
    }

    /** {@code c}'s channel closed: its request (if any) fails, and another connection may be opened. */
    private void closed(PooledConnection c) {
        open.remove(c);
        idle.remove(c);
        Exchange x = c.takeCurrent();
        if (x != null) {
            fail(x, new IOException("The connection to the " + peer + " closed without an answer."));
        }
        dispatch();
    }

    /** {@code c} answered and stays open: it takes the next request, or waits idle. */
    void release(PooledConnection c) {
        if (closed) {
            c.channel().close();
            return;
        }
        idle.add(c);
        dispatch();
    }

    private void expire(Exchange x) {
        if (x.done) {
            return;
        }
        if (x.on != null) {
            x.on.abandon(x);
        } else {
            queue.remove(x);
        }
        fail(x, new HttpTimeoutException("The " + peer + " did not answer in time."));
    }

    /** The peer's name, for messages. */
    String peer() {
        return peer;
    }

    void finish(Exchange x, Response response) {
        if (!x.done) {
            x.done = true;
            x.timer.cancel(false);
            x.future.complete(response);
        }
    }

    void fail(Exchange x, Throwable error) {
        if (!x.done) {
            x.done = true;
            if (x.timer != null) {
                x.timer.cancel(false);
            }
            x.future.completeExceptionally(error);
        }
    }
}
