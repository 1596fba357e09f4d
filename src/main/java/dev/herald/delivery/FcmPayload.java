package dev.herald.delivery;

import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import java.util.Map;
import java.util.regex.Pattern;

/** The FCM HTTP v1 request of an attempt, for fcm and gcm Bindings alike (the legacy API is gone). */
final class FcmPayload {
    /** Google project ids, and the older domain-scoped ones ({@code example.com:project}). */
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,99}");

    private static final SecretsMemo<String> PROJECTS = new SecretsMemo<>(FcmPayload::parseProjectId);

    private FcmPayload() {
    }

    static ProviderRequest build(Attempt attempt) {
        Notification n = attempt.notification();
        long remaining = attempt.remainingTtlSeconds();
        FcmMessage message = new FcmMessage(attempt.target().address());
        putIfPresent(message.data, "twi_title", n.title());
        putIfPresent(message.data, "twi_body", n.body());
        putIfPresent(message.data, "twi_sound", n.sound());
        putIfPresent(message.data, "twi_action", n.action());
        if (n.data() != null) {
            n.data().forEach((key, value) -> putIfPresent(message.data, key, value));
        }
        message.android.put("priority", n.priority() == Priority.LOW ? "NORMAL" : "HIGH");
        message.android.put("ttl", remaining + "s");

        Map<String, Object> override = attempt.target().bindingType() == BindingType.GCM ? n.gcm() : n.fcm();
        if (override != null) {
            FcmOverride.apply(override, message, remaining);
        }
        String path = "/v1/projects/" + projectId(attempt.target().credential()) + "/messages:send";
        return new ProviderRequest("POST", path, Map.of("Content-Type", "application/json; charset=UTF-8"),
                message.body());
    }

    /** The {@code project_id} of the Credential's service-account JSON, or {@code -} when there is none. */
    static String projectId(Credential credential) {
        if (credential == null || credential.secrets().secret() == null) {
            return "-";
        }
        return PROJECTS.get(credential.secrets().secret());
    }

    private static String parseProjectId(String serviceAccount) {
        if (JsonTrees.parseOrNull(serviceAccount) instanceof Map<?, ?> account
                && account.get("project_id") instanceof String id && PROJECT_ID.matcher(id).matches()) {
            return id;
        }
        return "-";
    }

    private static void putIfPresent(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, JsonTrees.dataString(value));
        }
    }
}
