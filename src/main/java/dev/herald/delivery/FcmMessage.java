package dev.herald.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An FCM HTTP v1 {@code messages:send} body being built: the parts of {@code message} that the generic parameters
 * and the legacy override fill in, assembled by {@link #body}. Not thread-safe; one per request.
 */
final class FcmMessage {
    final Map<String, Object> data = new LinkedHashMap<>();
    final Map<String, Object> notification = new LinkedHashMap<>();
    final Map<String, Object> android = new LinkedHashMap<>();
    final Map<String, Object> androidNotification = new LinkedHashMap<>();
    final Map<String, Object> aps = new LinkedHashMap<>();
    boolean validateOnly;
    private final String token;

    FcmMessage(String token) {
        this.token = token;
    }

    /** {@code {"message": {…}}}, with {@code "validate_only": true} beside it for a dry run; empty parts left out. */
    Map<String, Object> body() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", token);
        putIfNotEmpty(message, "data", data);
        putIfNotEmpty(message, "notification", notification);
        Map<String, Object> androidConfig = new LinkedHashMap<>(android);
        putIfNotEmpty(androidConfig, "notification", androidNotification);
        message.put("android", androidConfig);
        if (!aps.isEmpty()) {
            message.put("apns", Map.of("payload", Map.of("aps", aps)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (validateOnly) {
            body.put("validate_only", true);
        }
        return body;
    }

    private static void putIfNotEmpty(Map<String, Object> target, String key, Map<String, Object> part) {
        if (!part.isEmpty()) {
            target.put(key, part);
        }
    }
}
