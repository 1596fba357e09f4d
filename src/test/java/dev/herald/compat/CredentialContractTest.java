package dev.herald.compat;

import static dev.herald.compat.Contract.BASE;
import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.apiError;
import static dev.herald.compat.Contract.credentialSids;
import static dev.herald.compat.Contract.fields;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static dev.herald.compat.Contract.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Credential;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push Credentials through the official Twilio Java SDK; secrets checked on the wire with raw HTTP. */
@Timeout(60)
class CredentialContractTest {
    private static final String CERTIFICATE =
            "-----BEGIN CERTIFICATE-----\nMIICertificateBodyQmFzZTY0Y2VydA==\n-----END CERTIFICATE-----";
    private static final String PRIVATE_KEY =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIPrivateKeyBodyc2VjcmV0a2V5\n-----END RSA PRIVATE KEY-----";
    private static final String FCM_SECRET = TestSecrets.serviceAccount("contract-test",
            "-----BEGIN PRIVATE KEY-----\\nMIIfcmServerKeyAPA91bFcmSecretValue\\n-----END PRIVATE KEY-----\\n");
    private static final String LEGACY_SERVER_KEY = "AAAAlegacyServerKey:APA91bLegacySecretValue";
    private static final String GCM_API_KEY = "AIzaGcmApiKeyValue0123456789";
    private static final List<String> SECRET_KEYS = List.of("certificate", "private_key", "secret", "api_key");
    private static final List<String> SECRET_FRAGMENTS = List.of("MIICertificateBody", "QmFzZTY0Y2VydA",
            "MIIPrivateKeyBody", "c2VjcmV0a2V5", "fcmServerKey", "APA91bFcmSecretValue", "GcmApiKeyValue",
            "legacyServerKey", "APA91bLegacySecretValue", "KEYID12345", "TEAMID6789", "com.example.herald");

    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final RawHttp raw = herald.http();

    private Credential apn(boolean sandbox) {
        return Credential.creator(Credential.PushService.APN).setFriendlyName("apn credential")
                .setCertificate(CERTIFICATE).setPrivateKey(PRIVATE_KEY).setSandbox(sandbox).create(client);
    }

    private Credential fcm() {
        return Credential.creator(Credential.PushService.FCM).setFriendlyName("fcm credential").setSecret(FCM_SECRET)
                .create(client);
    }

    private Credential gcm() {
        return Credential.creator(Credential.PushService.GCM).setFriendlyName("gcm credential")
                .setApiKey(GCM_API_KEY).create(client);
    }

    private static void assertCommon(Credential c) {
        assertThat(c.getSid()).matches("CR" + SID_HEX);
        assertThat(c.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(c.getDateCreated()).isNotNull();
        assertThat(c.getDateUpdated()).isEqualTo(c.getDateCreated());
        assertThat(c.getUrl()).isEqualTo(URI.create(BASE + "/Credentials/" + c.getSid()));
    }

    @Test
    void createApnWithSandbox() {
        Credential c = apn(true);

        assertCommon(c);
        assertThat(c.getType()).isEqualTo(Credential.PushService.APN);
        assertThat(c.getFriendlyName()).isEqualTo("apn credential");
        assertThat(c.getSandbox()).isEqualTo("True");
        assertThat(fields(Credential.fetcher(c.getSid()).fetch(client))).isEqualTo(fields(c));
    }

    @Test
    void createApnWithSandboxFalse() {
        Credential c = apn(false);

        assertThat(c.getType()).isEqualTo(Credential.PushService.APN);
        assertThat(c.getSandbox()).isEqualTo("False");
    }

    @Test
    void sandboxIsFalseWhenNotGiven() {
        Credential c = Credential.creator(Credential.PushService.APN).setCertificate(CERTIFICATE)
                .setPrivateKey(PRIVATE_KEY).create(client);

        assertCommon(c);
        assertThat(c.getSandbox()).isEqualTo("False");
        assertThat(c.getFriendlyName()).isNull();
    }

    @Test
    void createFcm() {
        Credential c = fcm();

        assertCommon(c);
        assertThat(c.getType()).isEqualTo(Credential.PushService.FCM);
        assertThat(c.getFriendlyName()).isEqualTo("fcm credential");
        assertThat(c.getSandbox()).isEqualTo("False");
        assertThat(fields(Credential.fetcher(c.getSid()).fetch(client))).isEqualTo(fields(c));
    }

    @Test
    void createGcm() {
        Credential c = gcm();

        assertCommon(c);
        assertThat(c.getType()).isEqualTo(Credential.PushService.GCM);
        assertThat(c.getFriendlyName()).isEqualTo("gcm credential");
        assertThat(c.getSandbox()).isEqualTo("False");
        assertThat(fields(Credential.fetcher(c.getSid()).fetch(client))).isEqualTo(fields(c));
    }

    private static void assertNoSecrets(RawHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        for (String fragment : SECRET_FRAGMENTS) {
            assertThat(reply.body()).doesNotContain(fragment);
        }
        JsonNode json = reply.json();
        List<JsonNode> records = new ArrayList<>();
        if (json.has("credentials")) {
            json.get("credentials").forEach(records::add);
            assertThat(records).isNotEmpty();
        } else {
            records.add(json);
        }
        for (JsonNode record : records) {
            List<String> names = new ArrayList<>();
            record.fieldNames().forEachRemaining(names::add);
            assertThat(names).contains("sid", "account_sid", "friendly_name", "type", "sandbox", "date_created",
                    "date_updated", "url");
            assertThat(names).doesNotContainAnyElementsOf(SECRET_KEYS);
            assertThat(names).noneMatch(n -> n.contains("secret") || n.contains("key") || n.contains("certificate"));
        }
    }

    @Test
    void secretsNeverAppearInAnyResponse() {
        RawHttp.Reply createdApn = raw.post("/v1/Credentials", RawHttp.form("Type", "apn", "FriendlyName", "raw apn",
                "Certificate", CERTIFICATE, "PrivateKey", PRIVATE_KEY, "Sandbox", "true"));
        assertNoSecrets(createdApn, 201);
        assertThat(createdApn.json().get("sandbox").asText()).isEqualTo("True");
        RawHttp.Reply createdFcm = raw.post("/v1/Credentials", RawHttp.form("Type", "fcm", "Secret", FCM_SECRET));
        assertNoSecrets(createdFcm, 201);
        RawHttp.Reply createdGcm = raw.post("/v1/Credentials", RawHttp.form("Type", "gcm", "ApiKey", GCM_API_KEY));
        assertNoSecrets(createdGcm, 201);

        for (RawHttp.Reply created : List.of(createdApn, createdFcm, createdGcm)) {
            String sid = created.json().get("sid").asText();
            assertNoSecrets(raw.get("/v1/Credentials/" + sid), 200);
        }
        assertNoSecrets(raw.get("/v1/Credentials"), 200);
        assertNoSecrets(raw.get("/v1/Credentials?PageSize=1"), 200);

        String apnSid = createdApn.json().get("sid").asText();
        assertNoSecrets(raw.post("/v1/Credentials/" + apnSid, RawHttp.form("Certificate", CERTIFICATE,
                "PrivateKey", PRIVATE_KEY)), 200);
        String fcmSid = createdFcm.json().get("sid").asText();
        assertNoSecrets(raw.post("/v1/Credentials/" + fcmSid, RawHttp.form("Secret", FCM_SECRET)), 200);
        String gcmSid = createdGcm.json().get("sid").asText();
        assertNoSecrets(raw.post("/v1/Credentials/" + gcmSid, RawHttp.form("ApiKey", GCM_API_KEY)), 200);
    }

    @Test
    void apnsTokenAuthenticationIsAcceptedAndNothingOfItIsEchoed() {
        String p8 = TestSecrets.p8Key();
        RawHttp.Reply created = raw.post("/v1/Credentials", RawHttp.form("Type", "apn", "FriendlyName", "token apn",
                "KeyId", "KEYID12345", "TeamId", "TEAMID6789", "BundleId", "com.example.herald", "PrivateKey", p8));
        assertNoSecrets(created, 201);
        assertThat(created.body()).doesNotContain(p8.lines().skip(1).findFirst().orElseThrow());
        String sid = created.json().get("sid").asText();
        Credential fetched = Credential.fetcher(sid).fetch(client);
        assertThat(fetched.getType()).isEqualTo(Credential.PushService.APN);
        assertThat(fetched.getFriendlyName()).isEqualTo("token apn");
        assertThat(fetched.getSandbox()).isEqualTo("False");
        assertNoSecrets(raw.get("/v1/Credentials/" + sid), 200);
        assertNoSecrets(raw.post("/v1/Credentials/" + sid, RawHttp.form("TeamId", "TEAMID6789", "Sandbox", "true")),
                200);
        assertNoSecrets(raw.get("/v1/Credentials"), 200);
    }

    @Test
    void anFcmLegacyServerKeyIsRefusedWithoutRepeatingIt() {
        var e = invalid(() -> Credential.creator(Credential.PushService.FCM).setSecret(LEGACY_SERVER_KEY)
                .create(client));
        assertThat(e.getMessage()).contains("Secret", "legacy", "service-account JSON")
                .doesNotContain("legacyServerKey", "APA91b");

        Credential fcm = fcm();
        var update = invalid(() -> Credential.updater(fcm.getSid()).setSecret(LEGACY_SERVER_KEY).update(client));
        assertThat(update.getMessage()).contains("Secret", "legacy").doesNotContain("legacyServerKey", "APA91b");
        assertThat(fields(Credential.fetcher(fcm.getSid()).fetch(client))).isEqualTo(fields(fcm));
    }

    @Test
    void sdkObjectsCarryNoSecrets() {
        for (Credential c : List.of(apn(true), fcm(), gcm())) {
            String text = c.toString() + fields(Credential.fetcher(c.getSid()).fetch(client));
            for (String fragment : SECRET_FRAGMENTS) {
                assertThat(text).doesNotContain(fragment);
            }
        }
    }

    @Test
    void updateFriendlyNameAndSandbox() {
        Credential created = apn(true);
        Contract.nextSecond();

        Credential renamed = Credential.updater(created.getSid()).setFriendlyName("renamed").update(client);
        assertThat(renamed.getFriendlyName()).isEqualTo("renamed");
        assertThat(renamed.getSandbox()).isEqualTo("True");
        assertThat(renamed.getType()).isEqualTo(Credential.PushService.APN);
        assertThat(renamed.getDateCreated()).isEqualTo(created.getDateCreated());
        assertThat(renamed.getDateUpdated()).isAfter(created.getDateUpdated());
        assertThat(without(fields(renamed), "friendly_name", "date_updated"))
                .isEqualTo(without(fields(created), "friendly_name", "date_updated"));

        Credential production = Credential.updater(created.getSid()).setSandbox(false).update(client);
        assertThat(production.getSandbox()).isEqualTo("False");
        assertThat(production.getFriendlyName()).isEqualTo("renamed");
        assertThat(production.getType()).isEqualTo(Credential.PushService.APN);

        Credential sandbox = Credential.updater(created.getSid()).setSandbox(true).update(client);
        assertThat(sandbox.getSandbox()).isEqualTo("True");
        assertThat(fields(Credential.fetcher(created.getSid()).fetch(client))).isEqualTo(fields(sandbox));
    }

    @Test
    void updateOfSecretsKeepsTheVisibleFields() {
        Credential created = fcm();

        Credential updated = Credential.updater(created.getSid()).setSecret(TestSecrets.serviceAccount("another-project")).update(client);

        assertThat(without(fields(updated), "date_updated")).isEqualTo(without(fields(created), "date_updated"));
    }

    @Test
    void typeIsImmutable() {
        Credential created = apn(true);

        // The SDK's updater has no Type; a raw client that sends one must not change the type.
        RawHttp.Reply reply = raw.post("/v1/Credentials/" + created.getSid(), RawHttp.form("Type", "fcm"));

        assertThat(reply.status()).as(reply.body()).isIn(200, 400);
        assertThat(Credential.fetcher(created.getSid()).fetch(client).getType()).isEqualTo(Credential.PushService.APN);
    }

    @Test
    void listContainsEveryCredentialOrderedByDateCreatedThenSid() {
        Credential a = apn(true);
        Credential b = fcm();
        Credential c = gcm();

        List<Credential> listed = Contract.all(Credential.reader().read(client));

        assertThat(credentialSids(listed)).contains(a.getSid(), b.getSid(), c.getSid());
        assertThat(listed).isSortedAccordingTo(java.util.Comparator
                .comparing((Credential x) -> x.getDateCreated().toEpochSecond()).thenComparing(Credential::getSid));
        Credential listedB = listed.stream().filter(x -> x.getSid().equals(b.getSid())).findFirst().orElseThrow();
        assertThat(fields(listedB)).isEqualTo(fields(b));
    }

    @Test
    void deleteThenFetchIsNotFound() {
        Credential c = gcm();

        assertThat(Credential.deleter(c.getSid()).delete(client)).isTrue();

        notFound(() -> Credential.fetcher(c.getSid()).fetch(client), "/Credentials/" + c.getSid());
        notFound(() -> Credential.deleter(c.getSid()).delete(client), "/Credentials/" + c.getSid());
        notFound(() -> Credential.updater(c.getSid()).setFriendlyName("x").update(client),
                "/Credentials/" + c.getSid());
        assertThat(credentialSids(Credential.reader().read(client))).doesNotContain(c.getSid());
    }

    @Test
    void credentialUsedByAServiceCannotBeDeletedUntilRemoved() {
        Credential apn = apn(false);
        Credential gcm = gcm();
        Credential fcm = fcm();
        Service s = Service.creator().setApnCredentialSid(apn.getSid()).setGcmCredentialSid(gcm.getSid())
                .setFcmCredentialSid(fcm.getSid()).create(client);

        for (Credential c : List.of(apn, gcm, fcm)) {
            apiError(() -> Credential.deleter(c.getSid()).delete(client), 20409, 409);
            assertThat(Credential.fetcher(c.getSid()).fetch(client).getSid()).isEqualTo(c.getSid());
        }

        Service cleared = Service.updater(s.getSid()).setApnCredentialSid("").update(client);
        assertThat(cleared.getApnCredentialSid()).isNull();
        assertThat(cleared.getGcmCredentialSid()).isEqualTo(gcm.getSid());
        assertThat(Credential.deleter(apn.getSid()).delete(client)).isTrue();
        notFound(() -> Credential.fetcher(apn.getSid()).fetch(client), "/Credentials/" + apn.getSid());

        apiError(() -> Credential.deleter(gcm.getSid()).delete(client), 20409, 409);
        Service.updater(s.getSid()).setGcmCredentialSid("").setFcmCredentialSid("").update(client);
        assertThat(Credential.deleter(gcm.getSid()).delete(client)).isTrue();
        assertThat(Credential.deleter(fcm.getSid()).delete(client)).isTrue();
    }

    @Test
    void credentialUsedByTwoServicesStaysUntilBothLetGo() {
        Credential fcm = fcm();
        Service one = Service.creator().setFcmCredentialSid(fcm.getSid()).create(client);
        Service two = Service.creator().setFcmCredentialSid(fcm.getSid()).create(client);

        Service.updater(one.getSid()).setFcmCredentialSid("").update(client);
        apiError(() -> Credential.deleter(fcm.getSid()).delete(client), 20409, 409);

        Service.deleter(two.getSid()).delete(client);
        assertThat(Credential.deleter(fcm.getSid()).delete(client)).isTrue();
    }

    @Test
    void credentialUsedByABindingCannotBeDeletedUntilTheBindingIsGone() {
        Credential apn = apn(true);
        Service s = Service.creator().create(client);
        Binding b = Binding.creator(s.getSid(), "alice", Binding.BindingType.APN, "device-token-with-credential")
                .setCredentialSid(apn.getSid()).create(client);

        apiError(() -> Credential.deleter(apn.getSid()).delete(client), 20409, 409);

        Binding.deleter(s.getSid(), b.getSid()).delete(client);
        assertThat(Credential.deleter(apn.getSid()).delete(client)).isTrue();
    }

    @Test
    void apnSlotRejectsAnFcmCredential() {
        Credential fcm = fcm();

        var e = invalid(() -> Service.creator().setApnCredentialSid(fcm.getSid()).create(client));

        assertThat(e.getMessage()).contains("ApnCredentialSid");
    }

    @Test
    void createWithoutTypeIsRejected() {
        // Credential.creator(null) would not send Type either, but raw HTTP states the case plainly.
        RawHttp.Reply reply = raw.post("/v1/Credentials", RawHttp.form("FriendlyName", "no type", "Secret", "s"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode json = reply.json();
        assertThat(json.get("code").asInt()).isEqualTo(20001);
        assertThat(json.get("status").asInt()).isEqualTo(400);
        assertThat(json.get("message").asText()).contains("Type");
        assertThat(json.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20001");
    }

    @Test
    void createWithUnknownTypeIsRejected() {
        RawHttp.Reply reply = raw.post("/v1/Credentials", RawHttp.form("Type", "wns", "Secret", "s"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("code").asInt()).isEqualTo(20001);
        assertThat(reply.json().get("message").asText()).contains("Type");
    }
}
