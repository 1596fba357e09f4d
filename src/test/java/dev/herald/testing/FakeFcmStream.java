package dev.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP/2 stream of {@link FakeFcm}: a {@code messages:send} request answered as the fake decides. */
final class FakeFcmStream extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SEND = Pattern.compile("/v1/projects/([^/]+)/messages:send");
    private final FakeFcm fcm;

    FakeFcmStream(FakeFcm fcm) {
        this.fcm = fcm;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        fcm.started();
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        String body = request.content().toString(StandardCharsets.UTF_8);
        FakeFcm.Received received = new FakeFcm.Received(request.method().name(), request.uri(), headers, body,
                token(body), System.currentTimeMillis());
        Matcher path = SEND.matcher(request.uri());
        FullHttpResponse response;
        if (!request.method().name().equals("POST") || !path.matches()) {
            response = response(404, "{\"error\":{\"code\":404,\"message\":\"Not Found\",\"status\":\"NOT_FOUND\"}}");
        } else {
            FakeFcm.Reply reply = fcm.answer(received);
            if (reply instanceof FakeFcm.Error e) {
                response = response(e.status(), e.body());
                if (e.retryAfter() != null) {
                    response.headers().set(HttpHeaderNames.RETRY_AFTER, e.retryAfter());
                }
            } else {
                response = response(200, "{\"name\":\"projects/" + path.group(1) + "/messages/"
                        + fcm.nextMessageId() + "\"}");
            }
        }
        Runnable write = () -> {
            fcm.finished();
            ctx.writeAndFlush(response);
        };
        long delay = fcm.delayMillis();
        if (delay > 0) {
            ctx.executor().schedule(write, delay, TimeUnit.MILLISECONDS);
        } else {
            write.run();
        }
    }

    private static FullHttpResponse response(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    private static String token(String body) {
        try {
            JsonNode token = MAPPER.readTree(body).path("message").path("token");
            return token.isTextual() ? token.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
