package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * Test data created over raw HTTP, for tests whose subject is something else: each helper POSTs, checks the
 * answer is {@code 201} with a JSON body, and returns the new resource's SID (or JSON). Stateless and thread-safe;
 * {@link HeraldExtension#fixture()} gives one for the server's account, {@code new Fixtures(http)} one for any.
 */
public final class Fixtures {
    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----";
    private static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIkey\n-----END RSA PRIVATE KEY-----";
    private final RawHttp http;

    public Fixtures(RawHttp http) {
        this.http = http;
    }

    /** A Service created with no parameters at all (no FriendlyName). */
    public String service() {
        return serviceWith();
    }

    /** A Service named {@code friendlyName}. */
    public String service(String friendlyName) {
        return serviceWith("FriendlyName", friendlyName);
    }

    /** A Service created with exactly these form parameters ({@code key, value, ...}). */
    public String serviceWith(String... keysAndValues) {
        return sid(http.post("/v1/Services", RawHttp.form(keysAndValues)));
    }

    /**
     * A Credential of {@code type} ({@code apn}, {@code fcm}, {@code gcm}) with that type's secrets: certificate
     * and private key for APN, Secret for FCM, ApiKey for GCM.
     */
    public String credential(String type) {
        return switch (type) {
            case "apn" -> credentialWith("Type", type, "Certificate", CERTIFICATE, "PrivateKey", PRIVATE_KEY);
            case "fcm" -> credentialWith("Type", type, "Secret", TestSecrets.SERVICE_ACCOUNT);
            case "gcm" -> credentialWith("Type", type, "ApiKey", "gcm-api-key");
            default -> throw new IllegalArgumentException("No such Credential type: " + type);
        };
    }

    /** A Credential created with exactly these form parameters ({@code key, value, ...}). */
    public String credentialWith(String... keysAndValues) {
        return sid(http.post("/v1/Credentials", RawHttp.form(keysAndValues)));
    }

    /** A Binding in {@code service}; {@code type} as on the wire ({@code apn}, {@code sms}, ...). Returns its SID. */
    public String binding(String service, String identity, String type, String address, String... tags) {
        return bindingJson(service, identity, type, address, tags).get("sid").asText();
    }

    /** {@link #binding}, returning the whole created Binding. */
    public JsonNode bindingJson(String service, String identity, String type, String address, String... tags) {
        return created(postBinding(service, identity, type, address, tags));
    }

    /** The unchecked reply to creating a Binding, for tests that expect it to fail or race it. */
    public Reply postBinding(String service, String identity, String type, String address, String... tags) {
        List<String> form = new ArrayList<>(List.of("Identity", identity, "BindingType", type, "Address", address));
        for (String tag : tags) {
            form.add("Tag");
            form.add(tag);
        }
        return http.post("/v1/Services/" + service + "/Bindings", RawHttp.form(form.toArray(String[]::new)));
    }

    /** The body of a {@code 201} reply with a JSON Content-Type; fails the test otherwise. */
    public static JsonNode created(Reply reply) {
        assertThat(reply.status()).as("create status, body %s", reply.body()).isEqualTo(201);
        assertThat(reply.header("Content-Type")).as("Content-Type").isNotNull();
        assertThat(reply.header("Content-Type").toLowerCase()).startsWith("application/json");
        return reply.json();
    }

    private static String sid(Reply reply) {
        return created(reply).get("sid").asText();
    }
}
