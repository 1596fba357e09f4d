package dev.herald.api;

import dev.herald.api.twilio.Json;
import dev.herald.api.twilio.TwilioError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (malformed requests it refuses before routing: bad request lines, headers or URIs,
 * oversized headers, unsupported HTTP versions) as the {@link TwilioError} of their status, in Twilio's error JSON
 * instead of Jetty's HTML page, for every method, always with {@code Connection: close}: Jetty closes the
 * connection after most of these, and a client that sent something malformed starts again on a fresh one.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

    /** Every method gets the error body; Jetty's default sends one to GET, POST and HEAD only (and nothing else). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        TwilioError error = errorOf(status);
        response.setStatus(error.status());
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpFields.CONNECTION_CLOSE);
        // the text of a failure that is not an HTTP refusal (an exception's toString) is never shown to clients
        String reason = cause == null || cause instanceof HttpException ? message : null;
        response.write(true, ByteBuffer.wrap(body(error, reason)), callback);
    }

    /**
     * The catalogue entry of a status Jetty chose. 501 and 505 refuse what the client sent (a transfer coding or
     * HTTP version Herald does not speak, such as an HTTP/0.9 request line): a 400, never a 5xx, for a client's doing.
     */
    static TwilioError errorOf(int status) {
        return status == 501 || status == 505 ? TwilioError.INVALID_PARAMETER : TwilioError.forStatus(status);
    }

    /** The error body: the catalogue's message for a 404 or a server's failure, "Bad request: reason" otherwise. */
    static byte[] body(TwilioError error, String reason) {
        String message = error.status() >= 500 || error == TwilioError.NOT_FOUND ? error.message()
                : "Bad request" + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return Json.write(error.body(message));
    }
}
