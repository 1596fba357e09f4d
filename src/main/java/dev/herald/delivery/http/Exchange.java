package dev.herald.delivery.http;

import dev.herald.delivery.http.KeepAlivePool.Response;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request of a {@link KeepAlivePool} and its future. The request's parts are immutable; the other fields are
 * confined to the pool's event loop ({@code done}: the future is completed, by {@link KeepAlivePool#finish} or
 * {@link KeepAlivePool#fail}, which complete it once).
 */
final class Exchange {
    private final String path;
    private final Map<String, String> headers;
    private final byte[] body;
    final CompletableFuture<Response> future = new CompletableFuture<>();
    ScheduledFuture<?> timer;
    PooledConnection on;
    boolean done;

    Exchange(String path, Map<String, String> headers, byte[] body) {
        this.path = path;
        this.headers = headers;
        this.body = body;
    }

    /** The request, a new one each time (its buffer is released once written), with Host and Content-Length. */
    FullHttpRequest request(String hostHeader) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, hostHeader);
        headers.forEach(request.headers()::set);
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }
}
