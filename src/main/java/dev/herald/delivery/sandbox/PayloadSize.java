package dev.herald.delivery.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.delivery.ProviderRequest;
import dev.herald.domain.BindingType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The size a provider limits, in bytes: for APNs the whole JSON body; for FCM the data payload (the UTF-8 bytes of
 * every {@code data} key and value) plus the JSON of {@code notification} and {@code android.notification}; 0 for
 * the channels without a limit here.
 */
final class PayloadSize {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PayloadSize() {
    }

    static int of(BindingType type, ProviderRequest request) {
        return switch (type) {
            case APN -> utf8(request.bodyJson());
            case FCM, GCM -> fcm(request);
            default -> 0;
        };
    }

    private static int fcm(ProviderRequest request) {
        if (!(request.body() instanceof Map<?, ?> body) || !(body.get("message") instanceof Map<?, ?> message)) {
            return 0;
        }
        int size = 0;
        if (message.get("data") instanceof Map<?, ?> data) {
            for (Map.Entry<?, ?> e : data.entrySet()) {
                size += utf8(String.valueOf(e.getKey())) + utf8(String.valueOf(e.getValue()));
            }
        }
        size += jsonSize(message.get("notification"));
        if (message.get("android") instanceof Map<?, ?> android) {
            size += jsonSize(android.get("notification"));
        }
        return size;
    }

    private static int jsonSize(Object part) {
        if (part == null) {
            return 0;
        }
        try {
            return MAPPER.writeValueAsBytes(part).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A provider request part is not JSON.", e);
        }
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
