package dev.herald.api;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The pieces {@link FuzzRequests} builds requests from: the SIDs it may name (the fuzzing account's own, the canary
 * account's, unknown and malformed ones) and pools of values that have broken parsers before. All choices come
 * from one seeded {@link Random}, so a seed replays the same choices.
 */
final class FuzzValues {
    /** SIDs of one account's Service, Binding (in that Service) and Credential. */
    record Sids(String service, String binding, String credential) {
    }

    static final List<String> PARAMETERS = List.of("FriendlyName", "Identity", "BindingType", "Address", "Tag",
            "CredentialSid", "ApnCredentialSid", "GcmCredentialSid", "FcmCredentialSid", "MessagingServiceSid", "Type",
            "Certificate", "PrivateKey", "Sandbox", "ApiKey", "Secret", "KeyId", "TeamId", "BundleId", "LogEnabled",
            "DeliveryCallbackUrl", "DeliveryCallbackEnabled", "DefaultApnNotificationProtocolVersion",
            "DefaultFcmNotificationProtocolVersion", "NotificationProtocolVersion", "Endpoint", "FacebookMessengerPageId", "AlexaSkillId", "PageSize", "Page",
            "PageToken", "StartDate", "EndDate", "friendlyname", "", "Tag[]", "X");
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "5", "50", "1000", "1001", "2147483647",
            "2147483648", "-2147483648", "99999999999999999999", "\u0665", "\uff15", "\u0967\u0966", "+5", " 5", "5 ",
            "1e3", "0x10", "1.5", "", "3", "003", "-0");
    private static final List<String> STRINGS = List.of("", "a", "news", "x".repeat(64), "x".repeat(65),
            "y".repeat(300), "Zoë 李 🚀", "\u0000", "\u200b", "<script>alert(1)</script>", "' OR 1=1 --", "%", "%ZZ",
            "%C3%28", "true", "false", "TRUE", "maybe", "apn", "fcm", "gcm", "sms", "facebook-messenger", "alexa", "APN",
            "+15555550100", "+0123", "https://example.com/cb", "http://x", "ftp://x", "2024-01-01", "2024-13-01",
            "\u0662\u0660\u0662\u0664-01-01", "2024-01-01T00:00:00Z", "all", "MG" + "ab".repeat(16), "\r\n", "\\", "\"",
            "{}", "null", "undefined", "z".repeat(1100), "PA1_BS" + "0".repeat(32), "PB99999999999_IS" + "f".repeat(32),
            "PA-1_x", "\ud800", "\uffff");
    static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "POST", "DELETE", "DELETE",
            "HEAD", "PUT", "PATCH", "OPTIONS", "TRACE");
    static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "application/json", "text/plain",
            "multipart/form-data; boundary=xx", "application/x-www-form-urlencoded; charset=KOI8-R", "*/*", "",
            "application/octet-stream");

    private final Random random;
    private final List<Sids> accounts;

    /** @param own the fuzzing account's SIDs, refreshed as it deletes them; {@code canary} another account's */
    FuzzValues(Random random, Sids own, Sids canary) {
        this.random = random;
        this.accounts = new java.util.ArrayList<>(List.of(own, canary));
    }

    void own(Sids own) {
        accounts.set(0, own);
    }

    Random random() {
        return random;
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A SID of the given kind (0 Service, 1 Binding, 2 Credential): own, the canary's, unknown or malformed. */
    String sid(int kind) {
        int roll = random.nextInt(100);
        Sids from = roll < 55 ? accounts.get(0) : accounts.get(1);
        String sid = kind == 0 ? from.service() : kind == 1 ? from.binding() : from.credential();
        String prefix = sid.substring(0, 2);
        if (roll >= 85) {
            return pick(List.of(prefix + "0".repeat(32), prefix + "nothex", prefix.toLowerCase(Locale.ROOT)
                    + sid.substring(2), sid.substring(0, 33), sid + "0", "AC" + sid.substring(2), sid + "%00"));
        }
        return chance(20) ? prefix + sid.substring(2).toUpperCase(Locale.ROOT) : sid;
    }

    /** A value for a parameter: a number, a string, or a SID (often the canary's, which must never be reachable). */
    String value(String parameter) {
        int roll = random.nextInt(100);
        if (parameter.endsWith("Sid") || roll < 10) {
            return chance(85) ? sid(parameter.startsWith("Credential") || parameter.contains("Credential") ? 2
                    : random.nextInt(3)) : pick(STRINGS);
        }
        if (parameter.startsWith("Page") || parameter.contains("Version") || roll < 30) {
            return pick(NUMBERS);
        }
        return pick(STRINGS);
    }

    /** {@code count} random bytes, printable or not. */
    byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A short string of random printable ASCII, or of any Latin-1 character. */
    String token(boolean printable) {
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            out.append(printable ? (char) (33 + random.nextInt(94)) : (char) random.nextInt(256));
        }
        return out.toString();
    }
}
