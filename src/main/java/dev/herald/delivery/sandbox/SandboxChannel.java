package dev.herald.delivery.sandbox;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Channel;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.delivery.ProviderRequest;
import dev.herald.domain.BindingType;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Channel} for every Binding type that delivers nowhere. Each attempt builds its {@link ProviderRequest}
 * (kept as JSON in the outcome) and completes at once:
 * <ul>
 *   <li>an address starting with {@code invalid}: rejected as unregistered, the address dead (apn 52141, fcm and
 *       gcm 52103, sms and facebook-messenger 52001);</li>
 *   <li>an address starting with {@code flaky}: failed (52309) on attempts 1 and 2, delivered from attempt 3;</li>
 *   <li>over the provider's size limit: rejected, the address alive (APNs body over 4096 bytes 52138, FCM data
 *       over 4096 bytes 52106);</li>
 *   <li>an override that cannot be translated (or an {@code alexa} Binding): rejected (52000), with no
 *       request;</li>
 *   <li>otherwise delivered, with a message id of the provider's shape.</li>
 * </ul>
 * Messages never hold the address nor any content of the notification. Thread-safe.
 */
public final class SandboxChannel implements Channel {
    static final int MAX_PAYLOAD_BYTES = 4096;
    static final int FLAKY_FAILURES = 2;

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        Outcome outcome;
        try {
            outcome = outcome(attempt);
        } catch (RuntimeException | StackOverflowError e) {
            outcome = new Outcome.Rejected(52000, "Internal notification error: the notification could not be "
                    + "translated into a provider request.", false, null, null);
        }
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public int maxInFlight() {
        return 10_000;
    }

    private static Outcome outcome(Attempt attempt) {
        ProviderRequest request = Payloads.build(attempt);
        String json = request.toJson();
        BindingType type = attempt.target().bindingType();
        String address = attempt.target().address();
        if (address.startsWith("invalid")) {
            return unregistered(type, attempt.nowMillis(), json);
        }
        if (address.startsWith("flaky") && attempt.number() <= FLAKY_FAILURES) {
            return new Outcome.Failed(52309, "Channel provider replied with an error (sandbox: a flaky address "
                    + "fails its first " + FLAKY_FAILURES + " attempts).", null, json);
        }
        int size = PayloadSize.of(type, request);
        if (size > MAX_PAYLOAD_BYTES) {
            boolean apn = type == BindingType.APN;
            return new Outcome.Rejected(apn ? 52138 : 52106, (apn ? "APNs payload" : "FCM message data")
                    + " too large: " + size + " bytes, over the limit of " + MAX_PAYLOAD_BYTES + ".",
                    false, null, json);
        }
        return new Outcome.Delivered(MessageIds.next(type, request), json);
    }

    private static Outcome unregistered(BindingType type, long nowMillis, String json) {
        return switch (type) {
            case APN -> new Outcome.Rejected(52141,
                    "APNs: the device token is unregistered (sandbox).", true, nowMillis, json);
            case FCM, GCM -> new Outcome.Rejected(52103,
                    "FCM: the registration token is unregistered (sandbox).", true, nowMillis, json);
            default -> new Outcome.Rejected(52001,
                    "Invalid destination binding: the address is not valid (sandbox).", true, nowMillis, json);
        };
    }
}
