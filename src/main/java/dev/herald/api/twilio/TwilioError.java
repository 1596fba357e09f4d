package dev.herald.api.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogue of Twilio errors Herald answers with: each entry's code, HTTP status and the message it carries
 * when the failure has nothing more specific to say. Every error reply, Herald's own and Jetty's, comes from here.
 */
public enum TwilioError {
    INVALID_PARAMETER(20001, 400, "Bad request"),
    AUTHENTICATE(20003, 401, "Authenticate"),
    METHOD_NOT_ALLOWED(20004, 405, "Method not allowed"),
    FORBIDDEN(20403, 403, "Forbidden"),
    NOT_FOUND(20404, 404, "The requested resource was not found"),
    REQUEST_TIMEOUT(20408, 408, "Request timeout"),
    CONFLICT(20409, 409, "Conflict"),
    TOO_LARGE(20413, 413, "Request Entity Too Large: the body must not exceed 1 MiB"),
    URI_TOO_LONG(20414, 414, "Bad request: URI too long"),
    UNSUPPORTED_MEDIA_TYPE(20415, 415, "Unsupported Media Type"),
    TOO_MANY_REQUESTS(20429, 429, "Too many requests"),
    HEADERS_TOO_LARGE(20431, 431, "Bad request: request header fields too large"),
    INTERNAL(20500, 500, "Internal Server Error"),
    UNAVAILABLE(20503, 503, "Service unavailable: the database is busy; try again");

    private final int code;
    private final int status;
    private final String message;

    TwilioError(int code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The message of a reply that has no more specific one. */
    public String message() {
        return message;
    }

    public String moreInfo() {
        return "https://www.twilio.com/docs/errors/" + code;
    }

    /** The entry of an HTTP status; a status not in the catalogue maps to 400's (4xx) or 500's entry. */
    public static TwilioError forStatus(int status) {
        for (TwilioError e : values()) {
            if (e.status == status) {
                return e;
            }
        }
        return status >= 400 && status < 500 ? INVALID_PARAMETER : INTERNAL;
    }

    /** Twilio's error body: exactly {@code code}, {@code message}, {@code more_info} and {@code status}. */
    public Map<String, Object> body(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", moreInfo());
        body.put("status", status);
        return body;
    }
}
