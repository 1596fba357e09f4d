package dev.herald.delivery.apns;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import dev.herald.delivery.Attempt;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.delivery.ProviderRequest;
import dev.herald.domain.Credential;
import dev.herald.domain.Notification;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The APNs request of a Notification, built once for all its device tokens: everything but the token depends only
 * on the Notification and the Credential, so the payload's JSON is written once a send, not once a delivery. An
 * entry serves the same Notification object and the same version of its Credential only (an updated Credential
 * builds anew). Bounded; thread-safe.
 */
final class ApnsRequests {
    private static final int CAPACITY = 256;

    /** What the request of a Notification and Credential is: ready to send to any token, or refused for all. */
    sealed interface Prepared permits Ready, Refused {
    }

    record Ready(String topic, String body, Instant expiration, DeliveryPriority priority, PushType pushType)
            implements Prepared {
    }

    record Refused(Outcome outcome) implements Prepared {
    }

    private record Entry(Notification notification, String credentialSid, long credentialVersion, Prepared prepared) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code version} is the {@link Credential#version} of the attempt's Credential (0 when it has none). */
    Prepared of(Attempt attempt, long version) {
        Notification n = attempt.notification();
        Credential credential = attempt.target().credential();
        String credentialSid = credential == null ? null : credential.sid();
        Entry known = entries.get(n.sid());
        if (known != null && known.notification() == n && known.credentialVersion() == version
                && Objects.equals(known.credentialSid(), credentialSid)) {
            return known.prepared();
        }
        Prepared built = build(attempt);
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        entries.put(n.sid(), new Entry(n, credentialSid, version, built));
        return built;
    }

    private static Prepared build(Attempt attempt) {
        ProviderRequest request;
        try {
            request = Payloads.apns(attempt);
        } catch (RuntimeException | StackOverflowError e) {
            return new Refused(new Outcome.Rejected(52000, "Internal notification error: the notification could not "
                    + "be translated into an APNs request.", false, null, null));
        }
        String topic = request.headers().get("apns-topic");
        if (topic == null) {
            return new Refused(new Outcome.Rejected(ApnsOutcomes.MISSING_TOPIC, "APNs: no topic: the Credential's "
                    + "certificate names no bundle id (UID) and the Apn override gives no apns-topic.", false, null,
                    null));
        }
        return new Ready(topic, request.bodyJson(),
                Instant.ofEpochSecond(Long.parseLong(request.headers().get("apns-expiration"))),
                "10".equals(request.headers().get("apns-priority")) ? DeliveryPriority.IMMEDIATE
                        : DeliveryPriority.CONSERVE_POWER,
                "background".equals(request.headers().get("apns-push-type")) ? PushType.BACKGROUND : PushType.ALERT);
    }
}
