package dev.herald.delivery.messenger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.ProviderAnswers;
import dev.herald.delivery.RetryAfter;

/**
 * What an answer of the Send API means for a delivery: 2xx delivered (the {@code message_id} kept); rate limits
 * (HTTP 429, Graph codes 4, 17, 32, 613) failed with 52201, temporary failures (5xx, codes 1, 2, 1200) failed with
 * 52309, both retried; "no matching user" (code 100, subcode 2018001) rejected with 52001 and the address marked dead;
 * a refused page access token (401, 403, codes 102, 190, 200-299, 10 without a subcode) rejected with 52309 and
 * reported by the channel; anything else rejected with 52309 and Facebook's codes in the message (never its text,
 * which may quote the recipient).
 */
final class MessengerOutcomes {
    /** Notify's "Facebook Messenger: rate limit". */
    static final int RATE = 52201;
    /** Notify's "Channel provider replied with an error". */
    static final int PROVIDER_ERROR = 52309;
    /** Notify's "Invalid destination binding". */
    static final int INVALID_DESTINATION = 52001;

    private MessengerOutcomes() {
    }

    static Outcome of(int status, String body, String retryAfter, long nowMillis) {
        JsonNode json = ProviderAnswers.json(body);
        if (status >= 200 && status < 300) {
            JsonNode id = json.path("message_id");
            return new Outcome.Delivered(id.isTextual() ? id.asText() : null, null);
        }
        JsonNode error = json.path("error");
        int code = error.path("code").asInt(0);
        int subcode = error.path("error_subcode").asInt(0);
        String what = "Facebook error " + (code > 0 ? code + (subcode > 0 ? "/" + subcode : "") + ", " : "")
                + "HTTP " + status;
        Long after = RetryAfter.millis(retryAfter, nowMillis);
        if (status == 429 || code == 4 || code == 17 || code == 32 || code == 613) {
            return new Outcome.Failed(RATE, "Facebook Messenger rate limit reached (" + what + ").", after, null);
        }
        if (status >= 500 || code == 1 || code == 2 || code == 1200) {
            return new Outcome.Failed(PROVIDER_ERROR, "Facebook Messenger failed (" + what + ").", after, null);
        }
        if (code == 100 && subcode == 2018001) {
            return new Outcome.Rejected(INVALID_DESTINATION, "Invalid destination binding: Facebook has no user with "
                    + "this page-scoped ID (" + what + "), so its Binding is deleted.", true, null, null);
        }
        if (tokenRefused(status, code, subcode)) {
            return new Outcome.Rejected(PROVIDER_ERROR, "Facebook refused the page access token (" + what + ").",
                    false, null, null);
        }
        return new Outcome.Rejected(PROVIDER_ERROR, "Facebook refused the message (" + what + ").", false, null, null);
    }

    static boolean tokenRefused(int status, int code, int subcode) {
        return status == 401 || code == 102 || code == 190 || code >= 200 && code < 300
                || code == 10 && subcode == 0 || status == 403 && code == 0;
    }

    /** A request that got no answer: timed out, connection refused or lost, TLS failed; all transient. */
    static Outcome failure(Throwable error) {
        return new Outcome.Failed(PROVIDER_ERROR, "Facebook Messenger " + ProviderAnswers.noAnswer(error) + ".", null, null);
    }
}
