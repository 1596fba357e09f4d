package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertMissing;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.herald.testing.TestSecrets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Credentials} against the real SQLite store (secrets sealed with the master key and opened again). */
@Timeout(60)
class CredentialsUseCaseTest {
    private static final CredentialSecrets NO_SECRETS = new CredentialSecrets(null, null, null, null, null);
    private static final String SERVICE_ACCOUNT = TestSecrets.serviceAccount("use-case");
    private static final String KEY_ID = "ABC123DEFG";
    private static final String TEAM_ID = "TEAM123456";
    private static final String BUNDLE_ID = "com.example.app";
    /** One P-256 key for the class: generating one is quick, but not free. */
    private static final String P8 = TestSecrets.p8Key();

    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    String account;

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
    }

    @Test
    void createStoresTheCredentialWithItsSecrets() {
        CredentialSecrets secrets = new CredentialSecrets("-----BEGIN CERTIFICATE-----", "-----BEGIN KEY-----",
                true, null, null);
        Credential c = f.credentials.create(account, "apn", "Prod push", secrets);
        assertThat(Sids.isCanonical(Sids.CREDENTIAL, c.sid())).as(c.sid()).isTrue();
        assertThat(c.accountSid()).isEqualTo(account);
        assertThat(c.type()).isEqualTo(CredentialType.APN);
        assertThat(c.friendlyName()).isEqualTo("Prod push");
        assertThat(c.dateCreated()).isEqualTo(at(0));
        assertThat(c.dateUpdated()).isEqualTo(at(0));
        Credential fetched = f.credentials.fetch(account, c.sid());
        assertThat(fetched).isEqualTo(c);
        assertThat(fetched.secrets().certificate()).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(fetched.secrets().sandbox()).isTrue();
    }

    @Test
    void theTypeIsRequiredAndOneOfNotifysThree() {
        assertMissing("Type", () -> f.credentials.create(account, null, null, NO_SECRETS));
        assertMissing("Type", () -> f.credentials.create(account, "", null, NO_SECRETS));
        assertInvalid("Type", () -> f.credentials.create(account, "voip", null, NO_SECRETS));
        assertInvalid("Type", () -> f.credentials.create(account, "sms", null, NO_SECRETS));
        assertThat(f.credentials.create(account, "FCM", null, NO_SECRETS).type()).isEqualTo(CredentialType.FCM);
        assertThat(f.credentials.create(account, "gcm", null, NO_SECRETS).type()).isEqualTo(CredentialType.GCM);
    }

    @Test
    void tooLongValuesAreRefused() {
        assertInvalid("FriendlyName", () -> f.credentials.create(account, "apn", "n".repeat(65), NO_SECRETS));
        assertThat(f.credentials.create(account, "apn", "n".repeat(64), NO_SECRETS).friendlyName()).hasSize(64);
        String huge = "x".repeat(64 * 1024 + 1);
        assertInvalid("Certificate", () -> f.credentials.create(account, "apn", null,
                new CredentialSecrets(huge, null, null, null, null)));
        assertInvalid("PrivateKey", () -> f.credentials.create(account, "apn", null,
                new CredentialSecrets(null, huge, null, null, null)));
        assertInvalid("ApiKey", () -> f.credentials.create(account, "gcm", null,
                new CredentialSecrets(null, null, null, huge, null)));
        assertInvalid("Secret", () -> f.credentials.create(account, "fcm", null,
                new CredentialSecrets(null, null, null, null, huge)));
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).hasSize(1);
    }

    @Test
    void emptyValuesAreNotStored() {
        Credential c = f.credentials.create(account, "gcm", "", new CredentialSecrets("", "", null, "", ""));
        Credential fetched = f.credentials.fetch(account, c.sid());
        assertThat(fetched.friendlyName()).isNull();
        assertThat(fetched.secrets()).isEqualTo(NO_SECRETS);
    }

    @Test
    void anUpdateMergesWhatItGives() {
        Credential c = f.credentials.create(account, "fcm", "Name",
                new CredentialSecrets(null, null, false, "key-1", SERVICE_ACCOUNT));
        f.clock.advance(Duration.ofSeconds(3));
        Credential updated = f.credentials.update(account, c.sid(), null,
                new CredentialSecrets(null, null, null, "key-2", null));
        assertThat(updated).isEqualTo(new Credential(c.sid(), account, "Name", CredentialType.FCM,
                new CredentialSecrets(null, null, false, "key-2", SERVICE_ACCOUNT), at(0), at(3)));
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(updated);

        Credential cleared = f.credentials.update(account, c.sid(), "",
                new CredentialSecrets(null, null, true, null, ""));
        assertThat(cleared.friendlyName()).isNull();
        assertThat(cleared.secrets()).isEqualTo(new CredentialSecrets(null, null, true, "key-2", null));
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(cleared);
    }

    @Test
    void aRefusedUpdateChangesNothing() {
        Credential c = f.credentials.create(account, "apn", "Name", NO_SECRETS);
        assertInvalid("FriendlyName", () -> f.credentials.update(account, c.sid(), "n".repeat(65),
                new CredentialSecrets("cert", null, null, null, null)));
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);
    }

    @Test
    void aCredentialUsedByAServiceCannotBeDeleted() {
        Credential c = f.newCredential(account, "apn");
        Service s = f.services.create(account, ServiceChanges.builder().apnCredentialSid(c.sid()).build());
        assertThatThrownBy(() -> f.credentials.delete(account, c.sid())).isInstanceOf(ConflictException.class);
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);

        f.services.update(account, s.sid(), ServiceChanges.builder().apnCredentialSid("").build());
        f.credentials.delete(account, c.sid());
        assertNotFound(() -> f.credentials.fetch(account, c.sid()));
        assertNotFound(() -> f.credentials.delete(account, c.sid()));
    }

    @Test
    void aCredentialUsedByABindingCannotBeDeleted() {
        Credential c = f.newCredential(account, "fcm");
        Service s = f.newService(account);
        Binding b = f.bindings.create(account, s.sid(), NewBinding.builder().identity("alice").bindingType("fcm")
                .address("token-1").credentialSid(c.sid()).build());
        assertThatThrownBy(() -> f.credentials.delete(account, c.sid())).isInstanceOf(ConflictException.class);

        f.bindings.delete(account, s.sid(), b.sid());
        f.credentials.delete(account, c.sid());
        assertNotFound(() -> f.credentials.fetch(account, c.sid()));
    }

    @Test
    void deletingTheServiceThatUsedItFreesTheCredential() {
        Credential c = f.newCredential(account, "gcm");
        Service s = f.services.create(account, ServiceChanges.builder().gcmCredentialSid(c.sid()).build());
        f.bindings.create(account, s.sid(), NewBinding.builder().identity("alice").bindingType("gcm")
                .address("token-1").credentialSid(c.sid()).build());
        f.services.delete(account, s.sid());
        f.credentials.delete(account, c.sid());
        assertNotFound(() -> f.credentials.fetch(account, c.sid()));
    }

    @Test
    void unknownAndMalformedSidsAreNotFound() {
        Credential c = f.newCredential(account, "apn");
        for (String sid : new String[] {Sids.next(Sids.CREDENTIAL), "CR123", null, "", Sids.next(Sids.SERVICE),
                c.sid() + "0"}) {
            assertNotFound(() -> f.credentials.fetch(account, sid));
            assertNotFound(() -> f.credentials.update(account, sid, "x", NO_SECRETS));
            assertNotFound(() -> f.credentials.delete(account, sid));
        }
    }

    @Test
    void anotherAccountCannotSeeOrTouchTheCredential() {
        Credential c = f.credentials.create(account, "apn", "Mine", NO_SECRETS);
        String other = f.newAccount();
        assertNotFound(() -> f.credentials.fetch(other, c.sid()));
        assertNotFound(() -> f.credentials.update(other, c.sid(), "Theirs", NO_SECRETS));
        assertNotFound(() -> f.credentials.delete(other, c.sid()));
        assertThat(f.credentials.list(other, PageRequest.first(10)).items()).isEmpty();
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);
    }

    @Test
    void listPagesInCreationOrder() {
        Credential a = f.newCredential(account, "apn");
        f.clock.advance(Duration.ofSeconds(1));
        Credential b = f.newCredential(account, "gcm");
        f.clock.advance(Duration.ofSeconds(1));
        Credential c = f.newCredential(account, "fcm");
        f.newCredential(f.newAccount(), "apn");

        Slice<Credential> first = f.credentials.list(account, PageRequest.first(2));
        assertThat(first.items()).containsExactly(a, b);
        assertThat(first.more()).isTrue();
        Slice<Credential> last = f.credentials.list(account,
                new PageRequest(2, new Position(b.dateCreated(), b.sid()), null));
        assertThat(last.items()).containsExactly(c);
        assertThat(last.more()).isFalse();
        Slice<Credential> back = f.credentials.list(account,
                new PageRequest(2, null, new Position(c.dateCreated(), c.sid())));
        assertThat(back.items()).containsExactly(a, b);
        assertThat(back.more()).isFalse();
    }

    private static CredentialSecrets token(String privateKey, String keyId, String teamId, String bundleId) {
        return new CredentialSecrets(null, privateKey, null, null, null, keyId, teamId, bundleId);
    }

    /** Asserts the refusal names {@code parameter} and repeats none of {@code secrets}. */
    private static void assertRefused(String parameter, ThrowingCallable call, String... secrets) {
        InvalidParameterException e = assertInvalid(parameter, call);
        for (String secret : secrets) {
            for (String line : secret.lines().filter(l -> l.length() > 6 && !l.startsWith("-----")).toList()) {
                assertThat(e.getMessage()).doesNotContain(line);
            }
        }
    }

    @Test
    void anApnCredentialWithTokenAuthenticationKeepsItsThreeIdsAndItsKey() {
        Credential c = f.credentials.create(account, "apn", "Token", new CredentialSecrets(null, P8, true, null,
                null, KEY_ID, TEAM_ID, BUNDLE_ID));
        CredentialSecrets stored = f.credentials.fetch(account, c.sid()).secrets();
        assertThat(stored).isEqualTo(new CredentialSecrets(null, P8, true, null, null, KEY_ID, TEAM_ID, BUNDLE_ID));
        assertThat(stored.apnsToken()).isTrue();
        assertThat(c.toString()).doesNotContain(KEY_ID, TEAM_ID, P8.lines().skip(1).findFirst().orElseThrow());

        for (String bundle : List.of("com.example.app.voip", "com.example.app.watchkitapp.complication", "a",
                "Com.Example-App.2", "x".repeat(255))) {
            assertThat(f.credentials.create(account, "apn", null, token(P8, KEY_ID, TEAM_ID, bundle)).secrets()
                    .bundleId()).isEqualTo(bundle);
        }
        String crlf = P8.replace("\n", "\r\n");
        assertThat(f.credentials.create(account, "apn", null, token(crlf, KEY_ID, TEAM_ID, BUNDLE_ID)).secrets()
                .privateKey()).isEqualTo(crlf);
    }

    @Test
    void theTokenIdsBelongToApnCredentialsOnly() {
        for (String type : List.of("fcm", "gcm")) {
            assertRefused("KeyId", () -> f.credentials.create(account, type, null, token(null, KEY_ID, null, null)));
            assertRefused("TeamId", () -> f.credentials.create(account, type, null, token(null, null, TEAM_ID, null)));
            assertRefused("BundleId", () -> f.credentials.create(account, type, null,
                    token(null, null, null, BUNDLE_ID)));
            assertRefused("KeyId", () -> f.credentials.create(account, type, null,
                    token(P8, KEY_ID, TEAM_ID, BUNDLE_ID)), P8);
            Credential c = f.newCredential(account, type);
            assertRefused("TeamId", () -> f.credentials.update(account, c.sid(), null,
                    token(null, null, TEAM_ID, null)));
            assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);
        }
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).hasSize(2);
    }

    @Test
    void keyIdTeamIdAndBundleIdGoTogether() {
        assertRefused("TeamId", () -> f.credentials.create(account, "apn", null, token(P8, KEY_ID, null, BUNDLE_ID)));
        assertRefused("BundleId", () -> f.credentials.create(account, "apn", null, token(P8, KEY_ID, TEAM_ID, null)));
        assertRefused("KeyId", () -> f.credentials.create(account, "apn", null, token(P8, null, TEAM_ID, BUNDLE_ID)));
        assertRefused("KeyId", () -> f.credentials.create(account, "apn", null, token(P8, "", TEAM_ID, null)));
        assertRefused("KeyId", () -> f.credentials.create(account, "apn", null, token(null, null, null, BUNDLE_ID)));
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void keyIdAndTeamIdAreApplesTenCharacterIds() {
        for (String bad : List.of("ABC123DEF", "ABC123DEFGH", "abc123defg", "ABC123DEF-", "ABC 123DEF", "ABC123DEFÉ",
                "ＡBC123DEFG", "ABC123DEF\n")) {
            assertRefused("KeyId", () -> f.credentials.create(account, "apn", null, token(P8, bad, TEAM_ID, BUNDLE_ID)),
                    P8);
            assertRefused("TeamId", () -> f.credentials.create(account, "apn", null,
                    token(P8, KEY_ID, bad, BUNDLE_ID)), P8);
        }
        for (String bad : List.of("com.example app", "com_example", "com.example/app", "x".repeat(256), "ünïcode.app",
                "com.example.app\n")) {
            assertRefused("BundleId", () -> f.credentials.create(account, "apn", null,
                    token(P8, KEY_ID, TEAM_ID, bad)), P8);
        }
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void theKeyMustBeAPkcs8EcKeyOnP256() {
        String p8 = TestSecrets.p8Key();
        String body = p8.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        List<String> refused = List.of(TestSecrets.rsaKey(), TestSecrets.p384Key(),
                "-----BEGIN EC PRIVATE KEY-----" + body + "-----END EC PRIVATE KEY-----",
                body, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----",
                p8 + p8, p8.replace("-----END PRIVATE KEY-----", ""));
        for (String key : refused) {
            assertRefused("PrivateKey", () -> f.credentials.create(account, "apn", null,
                    token(key, KEY_ID, TEAM_ID, BUNDLE_ID)), key);
        }
        assertRefused("PrivateKey", () -> f.credentials.create(account, "apn", null,
                token(null, KEY_ID, TEAM_ID, BUNDLE_ID)));
        assertRefused("PrivateKey", () -> f.credentials.create(account, "apn", null,
                token("", KEY_ID, TEAM_ID, BUNDLE_ID)));
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void aTokenAuthCredentialHasNoCertificate() {
        InvalidParameterException e = assertInvalid("Certificate", () -> f.credentials.create(account, "apn", null,
                new CredentialSecrets("-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----", P8, null,
                        null, null, KEY_ID, TEAM_ID, BUNDLE_ID)));
        assertThat(e.detail()).isEqualTo("a token-auth apn Credential has no certificate");
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void anUpdateIsCheckedAsTheMergedCredential() {
        String certificate = "-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----";
        Credential c = f.credentials.create(account, "apn", "Push",
                new CredentialSecrets(certificate, "-----BEGIN RSA PRIVATE KEY-----", false, null, null));

        // To token authentication: the old key is no .p8 key, then the certificate must go.
        assertRefused("PrivateKey", () -> f.credentials.update(account, c.sid(), null,
                token(null, KEY_ID, TEAM_ID, BUNDLE_ID)));
        assertRefused("Certificate", () -> f.credentials.update(account, c.sid(), null,
                token(P8, KEY_ID, TEAM_ID, BUNDLE_ID)), P8);
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);
        Credential tokenAuth = f.credentials.update(account, c.sid(), null, new CredentialSecrets("", P8, null, null,
                null, KEY_ID, TEAM_ID, BUNDLE_ID));
        assertThat(tokenAuth.secrets()).isEqualTo(new CredentialSecrets(null, P8, false, null, null, KEY_ID, TEAM_ID,
                BUNDLE_ID));

        // One id changed alone; the rest stays.
        Credential renamed = f.credentials.update(account, c.sid(), "Renamed", token(null, null, "TEAM654321", null));
        assertThat(renamed.secrets()).isEqualTo(new CredentialSecrets(null, P8, false, null, null, KEY_ID,
                "TEAM654321", BUNDLE_ID));
        String rsa = TestSecrets.rsaKey();
        for (CredentialSecrets bad : List.of(token(rsa, null, null, null), token("", null, null, null),
                token(null, "", null, null), token(null, null, null, "bad bundle"),
                new CredentialSecrets(certificate, null, null, null, null))) {
            Throwable t = catchThrowable(() -> f.credentials.update(account, c.sid(), "Refused", bad));
            assertThat(t).isInstanceOf(InvalidParameterException.class);
            assertThat(t.getMessage()).doesNotContain(rsa.lines().skip(1).findFirst().orElseThrow());
            assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(renamed);
        }

        // Back to certificate authentication: the three ids cleared together.
        Credential back = f.credentials.update(account, c.sid(), null, new CredentialSecrets(certificate, null, null,
                null, null, "", "", ""));
        assertThat(back.secrets()).isEqualTo(new CredentialSecrets(certificate, P8, false, null, null));
        assertThat(back.secrets().apnsToken()).isFalse();
    }

    @Test
    void anFcmLegacyServerKeyIsRefused() {
        String legacy = "AAAAxYz123:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx";
        for (String type : List.of("fcm", "gcm")) {
            for (String secret : List.of(legacy, "just-a-secret", "\"a JSON string\"", "[]", "42", "null",
                    "{\"type\": \"service_account\"", SERVICE_ACCOUNT + "{}")) {
                InvalidParameterException e = assertInvalid("Secret", () -> f.credentials.create(account, type, null,
                        new CredentialSecrets(null, null, null, null, secret)));
                assertThat(e.detail()).contains("legacy", "service-account JSON");
                assertThat(e.getMessage()).doesNotContain("xYz123", "APA91b", "just-a-secret", "a JSON string");
            }
        }
        Credential c = f.credentials.create(account, "fcm", "Name", new CredentialSecrets(null, null, null, null,
                SERVICE_ACCOUNT));
        assertRefused("Secret", () -> f.credentials.update(account, c.sid(), null,
                new CredentialSecrets(null, null, null, null, legacy)), legacy);
        assertThat(f.credentials.fetch(account, c.sid())).isEqualTo(c);
    }

    @Test
    void aServiceAccountJsonNeedsItsTypeProjectKeyAndEmail() {
        String privateKey = "-----BEGIN PRIVATE KEY-----\\nMIIsecretKeyMaterial\\n-----END PRIVATE KEY-----\\n";
        List<String> refused = List.of(
                "{}",
                SERVICE_ACCOUNT.replace("\"service_account\"", "\"authorized_user\""),
                SERVICE_ACCOUNT.replace("\"type\":\"service_account\",", ""),
                SERVICE_ACCOUNT.replace("\"project_id\":\"use-case\"", "\"project_id\":\"\""),
                SERVICE_ACCOUNT.replace("\"project_id\":\"use-case\"", "\"project_id\":7"),
                SERVICE_ACCOUNT.replace("\"client_email\"", "\"email\""),
                "{\"type\":\"service_account\",\"project_id\":\"p\",\"client_email\":\"a@b\"}",
                "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key\":null,"
                        + "\"client_email\":\"a@b\"}",
                "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key\":\"" + privateKey
                        + "\",\"client_email\":[\"a@b\"]}");
        for (String secret : refused) {
            assertThat(secret).as("a changed copy").isNotEqualTo(SERVICE_ACCOUNT);
            InvalidParameterException e = assertInvalid("Secret", () -> f.credentials.create(account, "fcm", null,
                    new CredentialSecrets(null, null, null, null, secret)));
            assertThat(e.getMessage()).doesNotContain("secretKeyMaterial", "MIIplaceholder", "use-case", "herald@");
        }
        assertThat(f.credentials.list(account, PageRequest.first(10)).items()).isEmpty();

        String minimal = "{\"type\":\"service_account\",\"project_id\":\"p-1\",\"private_key\":\"" + privateKey
                + "\",\"client_email\":\"push@p-1.iam.gserviceaccount.com\",\"extra\":{\"nested\":[1,2.5e3,true,null]}}";
        for (String secret : List.of(minimal, " \n" + SERVICE_ACCOUNT + "\n")) {
            Credential c = f.credentials.create(account, "fcm", null,
                    new CredentialSecrets(null, null, null, null, secret));
            assertThat(f.credentials.fetch(account, c.sid()).secrets().secret()).isEqualTo(secret);
        }
        Credential gcm = f.credentials.create(account, "gcm", null,
                new CredentialSecrets(null, null, null, "AIzaLegacyApiKey", SERVICE_ACCOUNT));
        assertThat(gcm.secrets().apiKey()).isEqualTo("AIzaLegacyApiKey");
    }

    @Test
    void aCredentialStoredBeforeTheRulesCanStillBeRenamed() {
        Credential old = new Credential(Sids.next(Sids.CREDENTIAL), account, "Old", CredentialType.FCM,
                new CredentialSecrets(null, null, null, null, "AAAAold:APA91bOldKey"), at(0), at(0));
        f.db.credentials().insert(old);
        Credential renamed = f.credentials.update(account, old.sid(), "Renamed", NO_SECRETS);
        assertThat(renamed.friendlyName()).isEqualTo("Renamed");
        assertThat(renamed.secrets()).isEqualTo(old.secrets());
    }
}
