package dev.herald.delivery;

import dev.herald.domain.Credential;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The APNs request of an attempt (HTTP/2 provider API). The topic header is the {@code apns-topic} key of the
 * {@code Apn} override (taken out of the payload), else the token Credential's bundle id, else the UID of the
 * certificate Credential's subject.
 */
final class ApnsPayload {
    static final String TOPIC_KEY = "apns-topic";
    private ApnsPayload() {
    }

    static ProviderRequest build(Attempt attempt) {
        Notification n = attempt.notification();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> aps = new LinkedHashMap<>();
        Map<String, Object> alert = new LinkedHashMap<>();
        putIfPresent(alert, "title", n.title());
        putIfPresent(alert, "body", n.body());
        if (!alert.isEmpty()) {
            aps.put("alert", alert);
        }
        putIfPresent(aps, "sound", n.sound());
        putIfPresent(aps, "category", n.action());
        root.put("aps", aps);
        if (n.data() != null) {
            n.data().forEach((key, value) -> {
                if (!key.equals("aps")) {
                    root.put(key, JsonTrees.mutableCopy(value));
                }
            });
        }
        if (n.apn() != null) {
            JsonTrees.merge(root, n.apn());
        }
        Object topicOverride = root.remove(TOPIC_KEY);
        if (!(root.get("aps") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("The Apn override's aps is not a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> finalAps = (Map<String, Object>) root.get("aps");
        boolean visible = finalAps.get("alert") != null || finalAps.get("sound") != null
                || finalAps.get("badge") != null;
        if (!visible) {
            finalAps.putIfAbsent("content-available", 1);
        }
        boolean high = n.priority() != Priority.LOW && visible;

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("apns-push-type", visible ? "alert" : "background");
        headers.put("apns-priority", high ? "10" : "5");
        headers.put("apns-expiration", Long.toString(n.ttl() == 0 ? 0 : n.deadline()));
        Credential credential = attempt.target().credential();
        if (topicOverride instanceof String topic && !topic.isBlank()) {
            headers.put("apns-topic", topic);
        } else if (credential != null && credential.secrets().apnsToken()) {
            headers.put("apns-topic", credential.secrets().bundleId());
        } else if (credential != null) {
            ApnsTopic.of(credential.secrets().certificate()).ifPresent(topic -> headers.put("apns-topic", topic));
        }
        return new ProviderRequest("POST", "/3/device/" + attempt.target().address(), headers, root);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
