package dev.herald.api.twilio;

/** The catalogue of Twilio error codes Herald answers with, each with its HTTP status. */
public enum TwilioError {
    INVALID_PARAMETER(20001, 400),
    AUTHENTICATE(20003, 401),
    METHOD_NOT_ALLOWED(20004, 405),
    NOT_FOUND(20404, 404),
    CONFLICT(20409, 409),
    TOO_LARGE(20413, 413),
    UNSUPPORTED_MEDIA_TYPE(20415, 415),
    TOO_MANY_REQUESTS(20429, 429),
    INTERNAL(20500, 500),
    UNAVAILABLE(20503, 503);

    private final int code;
    private final int status;

    TwilioError(int code, int status) {
        this.code = code;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String moreInfo() {
        return "https://www.twilio.com/docs/errors/" + code;
    }
}
