package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertMissing;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Credentials} against the real SQLite store (secrets sealed with the master key and opened again). */
@Timeout(60)
class CredentialsUseCaseTest {
    private static final CredentialSecrets NO_SECRETS = new CredentialSecrets(null, null, null, null, null);

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
                new CredentialSecrets(null, null, false, "key-1", "secret-1"));
        f.clock.advance(Duration.ofSeconds(3));
        Credential updated = f.credentials.update(account, c.sid(), null,
                new CredentialSecrets(null, null, null, "key-2", null));
        assertThat(updated).isEqualTo(new Credential(c.sid(), account, "Name", CredentialType.FCM,
                new CredentialSecrets(null, null, false, "key-2", "secret-1"), at(0), at(3)));
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
}
