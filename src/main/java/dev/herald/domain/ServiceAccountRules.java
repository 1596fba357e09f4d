package dev.herald.domain;

import java.util.List;
import java.util.Map;

/**
 * The {@code Secret} of an fcm or gcm Credential: a Google service-account JSON, as FCM's HTTP v1 API needs (the
 * legacy server keys stopped working when Google shut the legacy API down). A refusal names {@code Secret} and
 * the rule, never any part of the value.
 */
final class ServiceAccountRules {
    private static final List<String> REQUIRED = List.of("project_id", "private_key", "client_email");

    private ServiceAccountRules() {
    }

    /** {@code secret} as given (non-empty). */
    static void check(String secret) {
        Object parsed;
        try {
            parsed = JsonText.parse(secret);
        } catch (JsonText.MalformedException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> account)) {
            throw new InvalidParameterException("Secret", "FCM's legacy API (server keys) is gone: the Secret must be"
                    + " a Google service-account JSON (the key file of a service account of the Firebase project)");
        }
        if (!"service_account".equals(account.get("type"))) {
            throw new InvalidParameterException("Secret",
                    "must be a Google service-account JSON: its \"type\" must be \"service_account\"");
        }
        for (String field : REQUIRED) {
            Object value = account.get(field);
            if (!(value instanceof String text) || text.isEmpty()) {
                throw new InvalidParameterException("Secret",
                        "must be a Google service-account JSON: \"" + field + "\" must be a non-empty string");
            }
        }
    }
}
