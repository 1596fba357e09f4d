package dev.herald.delivery.apns;

import com.eatthepath.pushy.apns.PushNotificationResponse;
import dev.herald.delivery.Outcome;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * What an APNs answer means for a delivery (Apple's "Handling notification responses from APNs"): the reason
 * texts and statuses of the HTTP/2 provider API mapped onto Notify's 521xx codes. Apple's reason names are not
 * personal data and appear in the messages; addresses never do.
 */
final class ApnsOutcomes {
    /** Reasons that say the Credential, not the notification, is refused: every delivery with it would be. */
    static final Set<String> CREDENTIAL_REFUSED = Set.of("BadCertificate", "BadCertificateEnvironment",
            "ExpiredProviderToken", "Forbidden", "InvalidProviderToken", "MissingProviderToken");
    static final int INVALID_CREDENTIALS = 52131;
    static final int PAYLOAD_TOO_LARGE = 52138;
    static final int SHUTDOWN = 52139;
    static final int UNREGISTERED = 52141;
    static final int BAD_TOKEN = 52142;
    static final int REJECTED = 52143;
    static final int INTERNAL_ERROR = 52144;
    static final int TOKEN_NOT_FOR_TOPIC = 52134;
    static final int MISSING_TOPIC = 52135;
    static final int BAD_TOPIC = 52137;
    static final int PROVIDER_ERROR = 52309;

    private ApnsOutcomes() {
    }

    static Outcome of(PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return new Outcome.Delivered(response.getApnsId() == null ? null : response.getApnsId().toString(), null);
        }
        String reason = response.getRejectionReason().orElse("(no reason)");
        int status = response.getStatusCode();
        if (status == 410 || reason.equals("Unregistered")) {
            Long at = response.getTokenInvalidationTimestamp().map(Instant::toEpochMilli).orElse(null);
            return new Outcome.Rejected(UNREGISTERED, "APNs: the device token is no longer active for the topic "
                    + "(Unregistered).", true, at, null);
        }
        if (CREDENTIAL_REFUSED.contains(reason)) {
            return credentialRefused("APNs answered " + reason);
        }
        switch (reason) {
            case "BadDeviceToken":
                return new Outcome.Rejected(BAD_TOKEN, "APNs: the device token is invalid (BadDeviceToken).", true,
                        null, null);
            case "DeviceTokenNotForTopic":
                return new Outcome.Rejected(TOKEN_NOT_FOR_TOPIC, "APNs: the device token does not match the topic "
                        + "(DeviceTokenNotForTopic).", true, null, null);
            case "PayloadTooLarge":
                return new Outcome.Rejected(PAYLOAD_TOO_LARGE, "APNs: the payload is too large (PayloadTooLarge).",
                        false, null, null);
            case "MissingTopic":
                return new Outcome.Rejected(MISSING_TOPIC, "APNs: the notification needs a topic (MissingTopic); "
                        + "give the Credential a BundleId or the Apn override an apns-topic.", false, null, null);
            case "BadTopic":
            case "TopicDisallowed":
                return new Outcome.Rejected(BAD_TOPIC, "APNs: the topic is not allowed (" + reason + ").", false,
                        null, null);
            case "Shutdown":
            case "ServiceUnavailable":
                return new Outcome.Failed(SHUTDOWN, "APNs is unavailable (" + reason + ").", null, null);
            default:
                break;
        }
        if (status == 429) {
            return new Outcome.Failed(PROVIDER_ERROR, "APNs: too many requests (" + reason + ").", null, null);
        }
        if (status >= 500) {
            return new Outcome.Failed(INTERNAL_ERROR, "APNs internal error (" + reason + ", HTTP " + status + ").",
                    null, null);
        }
        return new Outcome.Rejected(REJECTED, "APNs rejected the notification (" + reason + ", HTTP " + status + ").",
                false, null, null);
    }

    static Outcome.Rejected credentialRefused(String why) {
        return new Outcome.Rejected(INVALID_CREDENTIALS, "Invalid APNs credentials: " + why + ".", false, null, null);
    }

    /**
     * A send that got no answer: a refused TLS client certificate (the server's fatal alert) is the Credential's
     * fault and final; anything else (connection lost or refused, timeout, an untrusted server) is transient.
     */
    static Outcome failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null && t.getMessage().startsWith("Received fatal alert")) {
                return credentialRefused("APNs refused the TLS client certificate (" + t.getMessage() + ")");
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Outcome.Failed(PROVIDER_ERROR, "APNs could not be reached (" + root.getClass().getSimpleName()
                + ").", null, null);
    }
}
