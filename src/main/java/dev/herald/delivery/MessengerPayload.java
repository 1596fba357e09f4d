package dev.herald.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Facebook Messenger Send API request of an attempt: the Body as text, the {@code FacebookMessenger} override
 * deep-merged over the root, except {@code recipient}, which is always the Binding's address. The page access
 * token (a secret) is not part of it.
 */
final class MessengerPayload {
    private MessengerPayload() {
    }

    static ProviderRequest build(Attempt attempt) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("id", attempt.target().address());
        root.put("recipient", recipient);
        Map<String, Object> message = new LinkedHashMap<>();
        if (attempt.notification().body() != null) {
            message.put("text", attempt.notification().body());
        }
        root.put("message", message);
        Map<String, Object> override = attempt.notification().facebookMessenger();
        if (override != null) {
            Map<String, Object> rest = new LinkedHashMap<>(override);
            rest.remove("recipient");
            JsonTrees.merge(root, rest);
        }
        if (root.get("message") instanceof Map<?, ?> m && m.isEmpty()) {
            root.remove("message");
        }
        return new ProviderRequest("POST", "/v2.0/me/messages", Map.of("Content-Type", "application/json"), root);
    }
}
