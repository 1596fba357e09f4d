package dev.herald.testing;

import dev.herald.testing.LoopbackApi.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Twilio Messages API on loopback: {@code POST /2010-04-01/Accounts/<account>/Messages.json}. Requests without
 * HTTP Basic as {@code account}:{@code token} are answered 401 with Twilio's error 20003; otherwise each {@code To}
 * is answered as a test scripts it, else 201 with a new Message SID.
 */
public final class FakeSms {
    private FakeSms() {
    }

    public static LoopbackApi start(String account, String token) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((account + ":" + token)
                .getBytes(StandardCharsets.UTF_8));
        String path = "/2010-04-01/Accounts/" + account + "/Messages.json";
        AtomicLong sids = new AtomicLong();
        return new LoopbackApi(r -> r.field("To"), (r, scripted) -> {
            if (!r.method().equals("POST") || !r.path().equals(path)) {
                return error(404, 20404, null);
            }
            if (!expected.equals(r.header("Authorization"))) {
                return error(401, 20003, null);
            }
            return scripted != null ? scripted : new Reply(201, "{\"sid\":\"SM" + String.format("%032x",
                    sids.incrementAndGet()) + "\",\"status\":\"accepted\"}", null);
        });
    }

    /** Twilio's error body (its message quoting a number, as Twilio's do). */
    public static Reply error(int status, int code, String retryAfter) {
        return new Reply(status, "{\"code\":" + code + ",\"message\":\"Refused +15555550100\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}", retryAfter);
    }
}
