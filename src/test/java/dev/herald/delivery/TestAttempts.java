package dev.herald.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.domain.BindingType;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import java.util.List;
import java.util.Map;

/** Notifications and attempts for the payload and channel tests: a fluent builder over the canonical records. */
public final class TestAttempts {
    public static final long CREATED = 1_800_000_000L;
    public static final String ACCOUNT = "AC" + "a".repeat(32);
    public static final String MESSAGING_SERVICE = "MG" + "b".repeat(32);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Priority priority = Priority.HIGH;
    private int ttl = Notification.MAX_TTL;
    private String title;
    private String body;
    private String sound;
    private String action;
    private Map<String, Object> data;
    private Map<String, Object> apn;
    private Map<String, Object> fcm;
    private Map<String, Object> gcm;
    private Map<String, Object> sms;
    private Map<String, Object> facebookMessenger;
    private Credential credential;
    private long nowMillis = (CREATED + 10) * 1000;
    private int number = 1;

    public static TestAttempts notification() {
        return new TestAttempts();
    }

    /** A JSON object written as JSON text, parsed the way the API parses the parameters. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        try {
            return MAPPER.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Credential credential(CredentialType type, CredentialSecrets secrets) {
        return new Credential("CR" + "c".repeat(32), ACCOUNT, "test", type, secrets, CREATED, CREATED);
    }

    public TestAttempts priority(Priority value) { priority = value; return this; }
    public TestAttempts ttl(int value) { ttl = value; return this; }
    public TestAttempts title(String value) { title = value; return this; }
    public TestAttempts body(String value) { body = value; return this; }
    public TestAttempts sound(String value) { sound = value; return this; }
    public TestAttempts action(String value) { action = value; return this; }
    public TestAttempts data(String value) { data = json(value); return this; }
    public TestAttempts data(Map<String, Object> value) { data = value; return this; }
    public TestAttempts apn(String value) { apn = json(value); return this; }
    public TestAttempts fcm(String value) { fcm = json(value); return this; }
    public TestAttempts gcm(String value) { gcm = json(value); return this; }
    public TestAttempts sms(String value) { sms = json(value); return this; }
    public TestAttempts facebookMessenger(String value) { facebookMessenger = json(value); return this; }
    public TestAttempts credential(Credential value) { credential = value; return this; }
    public TestAttempts nowMillis(long value) { nowMillis = value; return this; }
    public TestAttempts number(int value) { number = value; return this; }

    public Notification build() {
        return new Notification("NT" + "d".repeat(32), ACCOUNT, "IS" + "e".repeat(32), CREATED, List.of(),
                List.of(), List.of(), priority, ttl, title, body, sound, action, data, apn, fcm, gcm, sms,
                facebookMessenger, null, List.of(), null);
    }

    public Attempt to(BindingType type, String address) {
        Target target = new Target("BS" + "f".repeat(32), type, "alice", address, "3", credential,
                type == BindingType.SMS ? MESSAGING_SERVICE : null);
        return new Attempt(7L, build(), target, number, nowMillis);
    }
}
