package dev.herald.delivery.sms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.ProviderAnswers;
import dev.herald.delivery.RetryAfter;

/**
 * What an answer of the Messages API means for a delivery: 2xx delivered (the Message SID kept); 429 failed with
 * 52181, 5xx failed with 52309, both retried not before any {@code Retry-After}; any other 4xx rejected with 52309
 * and the provider's error code in the message; Twilio errors 21211 (invalid {@code To}) and 21614 (not a mobile
 * number) also mark the address dead, so its Binding is deleted. Messages hold codes and statuses only, never the
 * provider's text, which may quote the phone number.
 */
final class SmsOutcomes {
    /** Notify's "Channel provider replied with an error". */
    static final int PROVIDER_ERROR = 52309;
    /** Notify's "Too many SMS notification requests". */
    static final int TOO_MANY = 52181;

    private SmsOutcomes() {
    }

    static Outcome of(int status, String body, String retryAfter, long nowMillis) {
        JsonNode json = ProviderAnswers.json(body);
        if (status >= 200 && status < 300) {
            String sid = json.path("sid").isTextual() ? json.path("sid").asText() : null;
            return new Outcome.Delivered(sid, null);
        }
        int code = json.path("code").canConvertToInt() ? json.path("code").asInt() : 0;
        String provider = code > 0 ? "Twilio error " + code + ", HTTP " + status : "HTTP " + status;
        Long after = RetryAfter.millis(retryAfter, nowMillis);
        if (status == 429) {
            return new Outcome.Failed(TOO_MANY, "Too many SMS notification requests: the SMS API answered "
                    + provider + ".", after, null);
        }
        if (status >= 500) {
            return new Outcome.Failed(PROVIDER_ERROR, "The SMS API failed (" + provider + ").", after, null);
        }
        if (status == 401 || status == 403) {
            return new Outcome.Rejected(PROVIDER_ERROR, "The SMS API refused Herald's SMS account (" + provider
                    + "): check HERALD_SMS_ACCOUNT_SID and HERALD_SMS_AUTH_TOKEN.", false, null, null);
        }
        boolean dead = code == 21211 || code == 21614;
        return new Outcome.Rejected(PROVIDER_ERROR, "The SMS API refused the message (" + provider + ")"
                + (dead ? ": the number cannot receive SMS, so its Binding is deleted." : "."), dead, null, null);
    }

    /** A request that got no answer: timed out, connection refused or lost, TLS failed; all transient. */
    static Outcome failure(Throwable error) {
        return new Outcome.Failed(PROVIDER_ERROR, "The SMS API " + ProviderAnswers.noAnswer(error) + ".", null, null);
    }
}
