package dev.herald.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/** What the HTTP channels read from a provider's answer, or from its absence. */
public final class ProviderAnswers {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProviderAnswers() {
    }

    /** {@code body} as JSON; an empty object when it is empty or not JSON. */
    public static JsonNode json(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            return json == null ? MAPPER.createObjectNode() : json;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    /**
     * Why a request got no answer, for a message: "did not answer in time" or "could not be reached (the
     * exception's class)"; never the exception's text, which may hold an address.
     */
    public static String noAnswer(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof HttpTimeoutException)) {
            root = root.getCause();
        }
        return root instanceof HttpTimeoutException ? "did not answer in time"
                : "could not be reached (" + root.getClass().getSimpleName() + ")";
    }
}
