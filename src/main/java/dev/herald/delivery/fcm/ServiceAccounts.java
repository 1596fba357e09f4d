package dev.herald.delivery.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Google credentials from an fcm Credential's {@code Secret}, a service-account JSON as the Firebase console
 * downloads it ({@code type} {@code service_account}, {@code client_email}, {@code private_key}; {@code token_uri}
 * when not Google's; {@code client_id} and {@code private_key_id} optional), scoped to FCM. Stateless.
 */
final class ServiceAccounts {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Why a Secret cannot be used; the message names fields, never their values. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private ServiceAccounts() {
    }

    /** Reads the Secret: CPU work (the RSA key), no I/O. */
    static GoogleCredentials read(String secret) throws Unusable {
        JsonNode json;
        try {
            json = secret == null ? null : MAPPER.readTree(secret);
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new Unusable("the Secret is not a service-account JSON");
        }
        if (!"service_account".equals(text(json, "type"))) {
            throw new Unusable("the Secret's type is not service_account");
        }
        String email = text(json, "client_email");
        String key = text(json, "private_key");
        if (email == null || key == null) {
            throw new Unusable("the Secret lacks " + (email == null ? "client_email" : "private_key"));
        }
        URI tokenUri = null;
        String uri = text(json, "token_uri");
        if (uri != null) {
            try {
                tokenUri = new URI(uri);
            } catch (URISyntaxException e) {
                tokenUri = null;
            }
            if (tokenUri == null || tokenUri.getHost() == null
                    || !("https".equals(tokenUri.getScheme()) || "http".equals(tokenUri.getScheme()))) {
                throw new Unusable("the Secret's token_uri is not an http(s) URL");
            }
        }
        try {
            return ServiceAccountCredentials.fromPkcs8(text(json, "client_id"), email, key,
                    text(json, "private_key_id"), List.of(SCOPE), null, tokenUri);
        } catch (IOException | RuntimeException e) {
            throw new Unusable("the Secret's private_key is not a PKCS#8 RSA key");
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
