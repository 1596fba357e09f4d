package dev.herald.delivery.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.RetryAfter;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Pattern;

/**
 * What an FCM HTTP v1 answer means for a delivery (Firebase's "FCM error codes"): the HTTP status, the error's
 * {@code status} and the {@code errorCode} of its {@code FcmError} detail mapped onto Notify's 521xx codes.
 * Google's error texts appear in the messages, shortened and with the registration token cut out; the token itself,
 * secrets and access tokens never do.
 */
final class FcmOutcomes {
    static final int INVALID_CREDENTIALS = 52101;
    static final int INVALID_TOKEN = 52102;
    static final int UNREGISTERED = 52103;
    static final int SENDER_ID_MISMATCH = 52104;
    static final int TOO_LARGE = 52106;
    static final int INVALID_KEY = 52107;
    static final int RATE_EXCEEDED = 52108;
    static final int UNAUTHORIZED = 52109;
    static final int UNAVAILABLE = 52110;
    static final int UNKNOWN = 52111;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern TOO_BIG = Pattern.compile("(?i).*\\b(too (big|large)|exceeds? the (maximum|size))\\b.*");
    private static final Pattern BAD_KEY = Pattern.compile("(?i).*\\b(invalid|reserved) (data|payload|custom)?\\s*key.*");
    private static final Pattern TOKEN_TEXT = Pattern.compile("(?i).*registration token.*");

    /** The parts of an answer that decide its outcome. */
    record Answer(int status, String fcmStatus, String errorCode, String message, boolean tokenViolation) {
    }

    private FcmOutcomes() {
    }

    /**
     * The outcome of an answer: {@code status}, its {@code body}, its {@code Retry-After} header (or null), for a
     * message to {@code token}, answered at {@code nowMillis}.
     */
    static Outcome of(int status, String body, String retryAfter, String token, long nowMillis) {
        if (status >= 200 && status < 300) {
            JsonNode name = parse(body).path("name");
            return new Outcome.Delivered(name.isTextual() ? name.asText() : null, null);
        }
        Answer a = answer(status, parse(body), token);
        String code = a.errorCode() != null ? a.errorCode() : a.fcmStatus() != null ? a.fcmStatus() : "HTTP " + status;
        String said = "FCM answered " + status + " " + code + (a.message().isEmpty() ? "" : ": " + a.message());
        Long after = RetryAfter.millis(retryAfter, nowMillis);
        if ("UNREGISTERED".equals(a.errorCode()) || status == 404 && "NOT_FOUND".equals(a.fcmStatus())) {
            return new Outcome.Rejected(UNREGISTERED, "FCM: the registration token is unregistered (" + code + ").",
                    true, null, null);
        }
        if ("SENDER_ID_MISMATCH".equals(a.errorCode())) {
            return rejected(SENDER_ID_MISMATCH, "FCM: the registration token belongs to another sender. " + said);
        }
        if ("THIRD_PARTY_AUTH_ERROR".equals(a.errorCode())) {
            return rejected(UNAUTHORIZED, "FCM: the APNs or web push credentials of the Firebase project were "
                    + "refused. " + said);
        }
        if ("QUOTA_EXCEEDED".equals(a.errorCode()) || status == 429) {
            return new Outcome.Failed(RATE_EXCEEDED, "FCM: sending rate exceeded. " + said, after, null);
        }
        if ("UNAVAILABLE".equals(a.errorCode()) || "UNAVAILABLE".equals(a.fcmStatus()) || status == 502 || status == 503
                || status == 504) {
            return new Outcome.Failed(UNAVAILABLE, "FCM is unavailable. " + said, after, null);
        }
        if ("INTERNAL".equals(a.errorCode()) || status >= 500) {
            return new Outcome.Failed(UNKNOWN, "FCM internal error. " + said, after, null);
        }
        if (status == 401 || status == 403) {
            return credentialRefused(said);
        }
        if ("INVALID_ARGUMENT".equals(a.errorCode()) || "INVALID_ARGUMENT".equals(a.fcmStatus()) || status == 400) {
            if (a.tokenViolation() || TOKEN_TEXT.matcher(a.message()).matches()) {
                return new Outcome.Rejected(INVALID_TOKEN, "FCM: the registration token is not valid (" + code
                        + ").", true, null, null);
            }
            if (TOO_BIG.matcher(a.message()).matches()) {
                return rejected(TOO_LARGE, "FCM: the message is too large. " + said);
            }
            if (BAD_KEY.matcher(a.message()).matches()) {
                return rejected(INVALID_KEY, "FCM: a data key is invalid. " + said);
            }
        }
        return rejected(UNKNOWN, "FCM rejected the message. " + said + (status == 404
                ? " (a 404 that is not FCM's: check --fcm-url)" : ""));
    }

    static Outcome.Rejected credentialRefused(String why) {
        return new Outcome.Rejected(INVALID_CREDENTIALS, "Invalid FCM credentials: " + why
                + (why.endsWith(".") ? "" : "."), false, null, null);
    }

    /** A request that got no answer: timed out, connection refused or lost, TLS failed; all transient. */
    static Outcome failure(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root
                && !(root instanceof HttpTimeoutException)) {
            root = root.getCause();
        }
        String what = root instanceof HttpTimeoutException ? "did not answer in time"
                : root instanceof IOException && "too many concurrent streams".equals(root.getMessage())
                ? "refused more concurrent streams" : "could not be reached (" + root.getClass().getSimpleName() + ")";
        return new Outcome.Failed(UNAVAILABLE, "FCM " + what + ".", null, null);
    }

    private static Outcome.Rejected rejected(int code, String message) {
        return new Outcome.Rejected(code, message, false, null, null);
    }

    static Answer answer(int status, JsonNode body, String token) {
        JsonNode error = body.path("error");
        String fcmStatus = error.path("status").isTextual() ? error.path("status").asText() : null;
        String message = error.path("message").isTextual() ? error.path("message").asText() : "";
        if (token != null && !token.isEmpty()) {
            message = message.replace(token, "…");
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        String errorCode = null;
        boolean tokenViolation = false;
        for (JsonNode detail : error.path("details")) {
            String type = detail.path("@type").asText("");
            if (type.endsWith("google.firebase.fcm.v1.FcmError") && detail.path("errorCode").isTextual()) {
                errorCode = detail.path("errorCode").asText();
            }
            for (JsonNode violation : detail.path("fieldViolations")) {
                tokenViolation |= "message.token".equals(violation.path("field").asText());
            }
        }
        return new Answer(status, fcmStatus, errorCode, message, tokenViolation);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (IOException | RuntimeException e) {
            return MAPPER.missingNode();
        }
    }
}
