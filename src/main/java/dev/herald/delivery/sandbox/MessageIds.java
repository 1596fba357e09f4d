package dev.herald.delivery.sandbox;

import dev.herald.delivery.ProviderRequest;
import dev.herald.domain.BindingType;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random message ids of each provider's shape: APNs an {@code apns-id} UUID, FCM
 * {@code projects/<project>/messages/0:<millis>%<16 hex>}, SMS {@code SM} and 32 hex digits, Messenger {@code m_}
 * and URL-safe base64.
 */
final class MessageIds {
    private static final String FCM_PREFIX = "/v1/projects/";
    private static final String FCM_SUFFIX = "/messages:send";

    private MessageIds() {
    }

    static String next(BindingType type, ProviderRequest request) {
        return switch (type) {
            case APN -> UUID.randomUUID().toString();
            case FCM, GCM -> "projects/" + project(request.path()) + "/messages/0:" + System.currentTimeMillis()
                    + "%" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            case SMS -> "SM" + HexFormat.of().formatHex(randomBytes(16));
            default -> "m_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
        };
    }

    private static String project(String path) {
        if (path.startsWith(FCM_PREFIX) && path.endsWith(FCM_SUFFIX)) {
            return path.substring(FCM_PREFIX.length(), path.length() - FCM_SUFFIX.length());
        }
        return "-";
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
