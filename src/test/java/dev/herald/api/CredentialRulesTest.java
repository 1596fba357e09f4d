package dev.herald.api;

import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.fieldNames;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestSecrets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credential secret rules on the wire: APNs token authentication ({@code KeyId}, {@code TeamId}, {@code BundleId}
 * with a .p8 {@code PrivateKey}, a Herald extension) and the service-account JSON of fcm/gcm {@code Secret}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CredentialRulesTest {
    private static final String KEY_ID = "KEY0123456";
    private static final String TEAM_ID = "TEAM987654";
    private static final String BUNDLE_ID = "com.example.herald";
    private static final List<String> FIELDS = List.of("sid", "account_sid", "friendly_name", "type", "sandbox",
            "date_created", "date_updated", "url");

    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final String p8 = TestSecrets.p8Key();

    private RawHttp.Reply create(String... keysAndValues) {
        return http.post("/v1/Credentials", RawHttp.form(keysAndValues));
    }

    /** The reply's body repeats none of the values, nor any line of a PEM key among them. */
    private static void assertSilent(RawHttp.Reply reply, String... values) {
        for (String value : values) {
            for (String line : value.lines().filter(l -> !l.startsWith("-----") && !l.isBlank()).toList()) {
                assertThat(reply.body()).doesNotContain(line);
            }
        }
    }

    @Test
    void aTokenAuthCredentialIsCreatedFetchedAndUpdatedWithoutEchoingIt() {
        RawHttp.Reply reply = create("Type", "apn", "FriendlyName", "token", "KeyId", KEY_ID, "TeamId", TEAM_ID,
                "BundleId", BUNDLE_ID, "PrivateKey", p8, "Sandbox", "true");
        JsonNode json = created(reply);
        assertThat(fieldNames(json)).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(json.get("type").asText()).isEqualTo("apn");
        assertThat(json.get("sandbox").asText()).isEqualTo("True");
        assertSilent(reply, KEY_ID, TEAM_ID, BUNDLE_ID, p8);
        String sid = json.get("sid").asText();

        RawHttp.Reply fetched = http.get("/v1/Credentials/" + sid);
        assertThat(fieldNames(ok(fetched))).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertSilent(fetched, KEY_ID, TEAM_ID, BUNDLE_ID, p8);
        String other = TestSecrets.p8Key();
        RawHttp.Reply updated = http.post("/v1/Credentials/" + sid, RawHttp.form("KeyId", "KEY6543210",
                "PrivateKey", other, "BundleId", "com.example.herald.voip"));
        assertThat(fieldNames(ok(updated))).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertSilent(updated, "KEY6543210", other, "com.example.herald.voip");
        assertSilent(http.get("/v1/Credentials"), KEY_ID, TEAM_ID, BUNDLE_ID, p8, other);

        // Back to certificate authentication: the three cleared together, a certificate given.
        JsonNode back = ok(http.post("/v1/Credentials/" + sid, RawHttp.form("KeyId", "", "TeamId", "", "BundleId", "",
                "Certificate", "-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----")));
        assertThat(back.get("sid").asText()).isEqualTo(sid);
    }

    @Test
    void eachTokenRuleIsA400NamingItsParameter() {
        List<String> before = Api.listAll(http, "/v1/Credentials?PageSize=1000", "credentials");
        assertInvalid(create("Type", "fcm", "KeyId", KEY_ID), "KeyId");
        assertInvalid(create("Type", "gcm", "TeamId", TEAM_ID), "TeamId");
        assertInvalid(create("Type", "fcm", "BundleId", BUNDLE_ID), "BundleId");
        assertInvalid(create("Type", "apn", "KeyId", KEY_ID, "TeamId", TEAM_ID, "PrivateKey", p8), "BundleId");
        assertInvalid(create("Type", "apn", "TeamId", TEAM_ID, "BundleId", BUNDLE_ID, "PrivateKey", p8), "KeyId");
        assertInvalid(create("Type", "apn", "KeyId", "key0123456", "TeamId", TEAM_ID, "BundleId", BUNDLE_ID,
                "PrivateKey", p8), "KeyId");
        assertInvalid(create("Type", "apn", "KeyId", KEY_ID, "TeamId", "TEAM98765", "BundleId", BUNDLE_ID,
                "PrivateKey", p8), "TeamId");
        assertInvalid(create("Type", "apn", "KeyId", KEY_ID, "TeamId", TEAM_ID, "BundleId", "com.example/app",
                "PrivateKey", p8), "BundleId");
        assertInvalid(create("Type", "apn", "KeyId", KEY_ID, "TeamId", TEAM_ID, "BundleId", BUNDLE_ID),
                "PrivateKey");
        assertInvalid(create("Type", "apn", "KeyId", KEY_ID, "TeamId", TEAM_ID, "BundleId", BUNDLE_ID,
                "PrivateKey", p8, "Certificate", "-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----"),
                "Certificate");
        for (String key : List.of(TestSecrets.rsaKey(), TestSecrets.p384Key())) {
            RawHttp.Reply refused = create("Type", "apn", "KeyId", KEY_ID, "TeamId", TEAM_ID, "BundleId", BUNDLE_ID,
                    "PrivateKey", key);
            assertInvalid(refused, "PrivateKey");
            assertSilent(refused, key);
        }
        assertThat(Api.listAll(http, "/v1/Credentials?PageSize=1000", "credentials")).isEqualTo(before);
    }

    @Test
    void anUpdateIsCheckedOnTheMergedCredential() {
        String sid = herald.fixture().credential("apn"); // certificate authentication
        assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("KeyId", KEY_ID, "TeamId", TEAM_ID,
                "BundleId", BUNDLE_ID)), "PrivateKey");
        assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("KeyId", KEY_ID, "TeamId", TEAM_ID,
                "BundleId", BUNDLE_ID, "PrivateKey", p8)), "Certificate");
        ok(http.post("/v1/Credentials/" + sid, RawHttp.form("KeyId", KEY_ID, "TeamId", TEAM_ID, "BundleId", BUNDLE_ID,
                "PrivateKey", p8, "Certificate", "")));
        assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("TeamId", "")), "TeamId");
        assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("PrivateKey", "")), "PrivateKey");
        assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("PrivateKey", TestSecrets.rsaKey())),
                "PrivateKey");
        ok(http.post("/v1/Credentials/" + sid, RawHttp.form("FriendlyName", "still token auth")));
    }

    @Test
    void anFcmSecretMustBeAServiceAccountJson() {
        String legacy = "AAAAlegacyKey123:APA91bLegacyServerKeyValue";
        for (String type : List.of("fcm", "gcm")) {
            RawHttp.Reply refused = create("Type", type, "Secret", legacy);
            assertInvalid(refused, "Secret");
            assertThat(refused.json().get("message").asText()).contains("legacy", "service-account JSON");
            assertSilent(refused, "legacyKey123", "APA91bLegacyServerKeyValue");
            assertInvalid(create("Type", type, "Secret", "{\"type\":\"service_account\",\"project_id\":\"p\"}"),
                    "Secret");
            String sid = created(create("Type", type, "Secret", TestSecrets.SERVICE_ACCOUNT)).get("sid").asText();
            assertInvalid(http.post("/v1/Credentials/" + sid, RawHttp.form("Secret", legacy)), "Secret");
            ok(http.post("/v1/Credentials/" + sid, RawHttp.form("Secret", TestSecrets.serviceAccount("other"))));
        }
        created(create("Type", "gcm", "ApiKey", "AIzaStillAcceptedApiKey"));
    }
}
