package dev.herald.delivery;

import java.util.List;
import java.util.Map;

/**
 * What Herald sends to each provider for one attempt (notification protocol version 3 for every Binding), built
 * from the generic parameters of the Notification and its channel override, per the Notify mapping. The requests
 * carry no credential. Each method throws {@link IllegalArgumentException} when an override has the wrong shape
 * (its message names the key, never a value); a channel turns that into a rejection.
 */
public final class Payloads {
    private Payloads() {
    }

    /** The request for the attempt's Binding type; {@code alexa} has no channel and is refused. */
    public static ProviderRequest build(Attempt attempt) {
        return switch (attempt.target().bindingType()) {
            case APN -> apns(attempt);
            case FCM, GCM -> fcm(attempt);
            case SMS -> sms(attempt);
            case FACEBOOK_MESSENGER -> facebookMessenger(attempt);
            case ALEXA -> throw new IllegalArgumentException("Alexa Bindings have no channel.");
        };
    }

    /**
     * APNs: {@code POST /3/device/<address>}; the alert, sound, category and {@code Data} keys, with the
     * {@code Apn} override deep-merged over them; the priority, expiration, push type and (when the certificate
     * names it) topic headers.
     */
    public static ProviderRequest apns(Attempt attempt) {
        return ApnsPayload.build(attempt);
    }

    /**
     * FCM HTTP v1: {@code POST /v1/projects/<project>/messages:send} with the {@code twi_} data keys, the
     * {@code Data} keys as strings, the Android priority and remaining TTL, and the legacy {@code Fcm} (fcm
     * Bindings) or {@code Gcm} (gcm Bindings) override translated.
     */
    public static ProviderRequest fcm(Attempt attempt) {
        return FcmPayload.build(attempt);
    }

    /** SMS: a Twilio Messages API form to the Service's Messaging Service, with the {@code Sms} override. */
    public static ProviderRequest sms(Attempt attempt) {
        return SmsPayload.build(attempt);
    }

    /** Facebook Messenger Send API, with the {@code FacebookMessenger} override (not its {@code recipient}). */
    public static ProviderRequest facebookMessenger(Attempt attempt) {
        return MessengerPayload.build(attempt);
    }

    /**
     * The keys of a legacy {@code Fcm}/{@code Gcm} override that FCM HTTP v1 has no place for and that
     * {@link #fcm} drops: root keys by name, {@code notification} keys as {@code notification.<key>}.
     */
    public static List<String> unmappedFcmKeys(Map<String, Object> override) {
        return FcmOverride.unmapped(override);
    }
}
