package dev.herald.api;

import dev.herald.api.twilio.Json;
import dev.herald.api.twilio.TwilioError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (malformed requests it refuses before routing: bad headers, bad URIs, oversized
 * headers) as the {@link TwilioError} of their status, in Twilio's error JSON instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        TwilioError error = TwilioError.forStatus(status);
        response.setStatus(error.status());
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(error, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(TwilioError.forStatus(status), reason));
    }

    /** The error body: "Bad request: reason" for a client's mistake, the catalogue's message for a server's. */
    static byte[] body(TwilioError error, String reason) {
        String message = error.status() < 500 ? "Bad request" + (reason == null || reason.isBlank() ? "" : ": " + reason)
                : TwilioError.INTERNAL.message();
        return Json.write(error.body(message));
    }
}
