package dev.herald.testing;

import dev.herald.testing.LoopbackApi.Reply;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messenger's Send API on loopback: {@code POST /v2.0/me/messages} with {@code Authorization: Bearer <page token>}.
 * A token in {@code revoked}, or none, is answered 400 with Graph error 190; otherwise each {@code recipient.id} is
 * answered as a test scripts it, else 200 with a new {@code message_id}.
 */
public final class FakeMessenger {
    private FakeMessenger() {
    }

    public static LoopbackApi start(Set<String> revoked) {
        AtomicLong ids = new AtomicLong();
        return new LoopbackApi(r -> r.json().path("recipient").path("id").asText(null), (r, scripted) -> {
            if (!r.method().equals("POST") || !r.path().equals("/v2.0/me/messages")) {
                return error(404, 803, 0);
            }
            String auth = r.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || revoked.contains(auth.substring(7))) {
                return error(400, 190, 0);
            }
            String recipient = r.json().path("recipient").path("id").asText();
            return scripted != null ? scripted : new Reply(200, "{\"recipient_id\":\"" + recipient
                    + "\",\"message_id\":\"m_" + ids.incrementAndGet() + "\"}", null);
        });
    }

    /** A Graph API error (its message quoting the recipient, as Facebook's may). */
    public static Reply error(int status, int code, int subcode) {
        return new Reply(status, "{\"error\":{\"message\":\"(#" + code + ") about user 12345\",\"type\":"
                + "\"OAuthException\",\"code\":" + code + (subcode > 0 ? ",\"error_subcode\":" + subcode : "")
                + ",\"fbtrace_id\":\"Aa1\"}}", null);
    }
}
