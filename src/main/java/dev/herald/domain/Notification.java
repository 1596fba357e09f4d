package dev.herald.domain;

import java.util.List;
import java.util.Map;

/**
 * A Notification as accepted: what to send ({@code title} … {@code alexa}) and to whom (Bindings of the Service
 * selected by {@code identities} and {@code tags}, or the {@code toBindings} addresses directly). The JSON
 * parameters ({@code data}, {@code apn}, …) are JSON objects as plain Java values (maps with string keys in their
 * order, lists, strings, numbers, booleans, nulls), or null when not given. {@code dateCreated} is in epoch
 * seconds; {@code ttl} in seconds. Immutable.
 */
public record Notification(
        String sid,
        String accountSid,
        String serviceSid,
        long dateCreated,
        List<String> identities,
        List<String> tags,
        List<String> segments,
        Priority priority,
        int ttl,
        String title,
        String body,
        String sound,
        String action,
        Map<String, Object> data,
        Map<String, Object> apn,
        Map<String, Object> fcm,
        Map<String, Object> gcm,
        Map<String, Object> sms,
        Map<String, Object> facebookMessenger,
        Map<String, Object> alexa,
        List<DirectTarget> toBindings,
        String deliveryCallbackUrl) {

    /** Notify's longest and default time to live: four weeks. */
    public static final int MAX_TTL = 2_419_200;

    public Notification {
        identities = List.copyOf(identities);
        tags = List.copyOf(tags);
        segments = List.copyOf(segments);
        toBindings = List.copyOf(toBindings);
    }

    /** Whether this Notification names its addresses directly ({@code ToBinding}) instead of selecting Bindings. */
    public boolean direct() {
        return !toBindings.isEmpty();
    }

    /** The end of its time to live, in epoch seconds: no attempt starts after it. */
    public long deadline() {
        return dateCreated + ttl;
    }

    @Override
    public String toString() {
        return "Notification[sid=" + sid + ", serviceSid=" + serviceSid + "]";
    }
}
