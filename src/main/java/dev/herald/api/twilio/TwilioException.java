package dev.herald.api.twilio;

/** A failure found by the wire layer, to answer with as a {@link TwilioError}. */
public final class TwilioException extends RuntimeException {
    private final TwilioError error;
    private final String parameter;

    public TwilioException(TwilioError error, String message) {
        this(error, message, null);
    }

    private TwilioException(TwilioError error, String message, String parameter) {
        super(message, null, false, false);
        this.error = error;
        this.parameter = parameter;
    }

    /** The catalogue's own message for {@code error}. */
    public static TwilioException of(TwilioError error) {
        return new TwilioException(error, error.message());
    }

    /** 400 / 20001 for {@code parameter}: {@code "Invalid parameter <parameter>: <detail>"}. */
    public static TwilioException invalid(String parameter, String detail) {
        return new TwilioException(TwilioError.INVALID_PARAMETER, "Invalid parameter " + parameter + ": " + detail,
                parameter);
    }

    /** 400 / 20001: {@code "Missing required parameter <parameter> in the post body"}. */
    public static TwilioException missing(String parameter) {
        return new TwilioException(TwilioError.INVALID_PARAMETER, "Missing required parameter " + parameter
                + " in the post body", parameter);
    }

    public TwilioError error() {
        return error;
    }

    /** The wire name of the parameter at fault, or null when the failure is not about one parameter. */
    public String parameter() {
        return parameter;
    }
}
