package dev.herald.api.twilio;

/** An error to answer with as Twilio's error JSON. */
public final class TwilioException extends RuntimeException {
    private final TwilioError error;

    public TwilioException(TwilioError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public TwilioError error() {
        return error;
    }

    public static TwilioException invalid(String parameter, String detail) {
        return new TwilioException(TwilioError.INVALID_PARAMETER, "Invalid parameter " + parameter + ": " + detail);
    }
}
