package dev.herald.delivery.http;

import dev.herald.delivery.http.KeepAlivePool.Response;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive connection of a {@link KeepAlivePool} and the last handler of its pipeline: it carries one {@link
 * Exchange} at a time and hands its answer back. Any error, an unexpected answer or an answer with {@code
 * Connection: close} closes it; the pool then fails the exchange still on it (if any). Confined to the pool's event
 * loop, as all its calls come from there.
 */
final class PooledConnection extends ChannelInboundHandlerAdapter {
    private final KeepAlivePool pool;
    private Channel channel;
    private Exchange current;

    /** A connection being opened for {@code first}, which it carries (and may fail) from now on. */
    PooledConnection(KeepAlivePool pool, Exchange first) {
        this.pool = pool;
        this.current = first;
        first.on = this;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    /** Sends {@code x}, which now rides on this connection. */
    void start(Exchange x) {
        current = x;
        x.on = this;
        channel.writeAndFlush(x.request(pool.hostHeader)).addListener(written -> {
            if (!written.isSuccess()) {
                failAndClose(written.cause());
            }
        });
    }

    /** The exchange on this connection, which no longer carries it (null when none). */
    Exchange takeCurrent() {
        Exchange x = current;
        current = null;
        return x;
    }

    /** {@code x} timed out: if it is still on this connection, the connection is closed and never reused. */
    void abandon(Exchange x) {
        if (current == x) {
            current = null;
            channel.close();
        }
    }

    /** Fails the exchange on this connection (if any) with {@code error} and closes it. */
    void failAndClose(Throwable error) {
        Exchange x = takeCurrent();
        if (x != null) {
            pool.fail(x, error);
        }
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Exchange x = takeCurrent();
            if (x == null || !(msg instanceof FullHttpResponse response)) {
                ctx.close(); // an answer to nothing asked (or to a request given up on): the connection is unusable
                return;
            }
            if (response.decoderResult().isFailure()) {
                pool.fail(x, new IOException("The " + pool.peer() + "'s answer could not be read.",
                        response.decoderResult().cause()));
                ctx.close();
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(response);
            pool.finish(x, new Response(response.status().code(), response.content().toString(StandardCharsets.UTF_8),
                    response.headers().get(HttpHeaderNames.RETRY_AFTER)));
            if (keepAlive) {
                pool.release(this);
            } else {
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAndClose(cause);
    }
}
