package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Credential deleted after a use case checked it and before the store writes what names it (the race, made
 * deterministic): the use cases see the Credential through a store that still remembers it, the real store no
 * longer has it, and the request is refused exactly as if the Credential had never existed, naming the parameter.
 */
@Timeout(60)
class CredentialDeletedMidRequestUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    static Remembering remembering;
    static Services services;
    static Bindings bindings;
    String account;

    @BeforeAll
    static void open() {
        remembering = new Remembering(f.db.credentials());
        services = new Services(f.db.services(), remembering, f.clock);
        bindings = new Bindings(f.db.services(), remembering, f.db.bindings(), f.clock);
    }

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
    }

    /** A Credential of {@code type} that the use cases still find, but that is deleted. */
    private String deleted(String type) {
        Credential c = f.newCredential(account, type);
        remembering.remember(c);
        f.credentials.delete(account, c.sid());
        return c.sid();
    }

    @Test
    void aBindingCreateIsRefusedAsIfTheCredentialNeverWas() {
        String service = f.newService(account).sid();
        String gone = deleted("apn");
        NewBinding.Builder create = NewBinding.builder().identity("alice").bindingType("apn").address("device");
        InvalidParameterException raced = assertInvalid("CredentialSid",
                () -> bindings.create(account, service, create.credentialSid(gone).build()));
        InvalidParameterException never = assertInvalid("CredentialSid",
                () -> f.bindings.create(account, service, create.credentialSid(gone).build()));
        assertThat(raced.detail()).isEqualTo(never.detail());
        assertThat(f.bindings.list(account, service, BindingFilter.of(List.of(), List.of(), null, null),
                PageRequest.first(50)).items()).isEmpty();
    }

    @Test
    void aServiceCreateIsRefusedNamingTheParameterThatNamedTheCredential() {
        String fcm = f.newCredential(account, "fcm").sid();
        String gone = deleted("fcm");
        InvalidParameterException raced = assertInvalid("GcmCredentialSid", () -> services.create(account,
                ServiceChanges.builder().fcmCredentialSid(fcm).gcmCredentialSid(gone).build()));
        InvalidParameterException never = assertInvalid("GcmCredentialSid", () -> f.services.create(account,
                ServiceChanges.builder().gcmCredentialSid(gone).build()));
        assertThat(raced.detail()).isEqualTo(never.detail());
        assertInvalid("FcmCredentialSid", () -> services.create(account,
                ServiceChanges.builder().fcmCredentialSid(gone).gcmCredentialSid(fcm).build()));
        assertThat(f.services.list(account, null, PageRequest.first(50)).items()).isEmpty();
    }

    @Test
    void aServiceUpdateIsRefusedAndChangesNothing() {
        Service before = f.services.create(account, ServiceChanges.builder().friendlyName("Before").build());
        String gone = deleted("apn");
        assertInvalid("ApnCredentialSid", () -> services.update(account, before.sid(),
                ServiceChanges.builder().friendlyName("After").apnCredentialSid(gone).build()));
        assertThat(f.services.fetch(account, before.sid())).isEqualTo(before);
    }

    /** The account's Credentials as they were when remembered; everything else goes to the real store. */
    private static final class Remembering implements CredentialStore {
        private final CredentialStore store;
        private final Map<String, Credential> remembered = new ConcurrentHashMap<>();

        Remembering(CredentialStore store) {
            this.store = store;
        }

        void remember(Credential c) {
            remembered.put(c.sid(), c);
        }

        @Override
        public void insert(Credential credential) {
            store.insert(credential);
        }

        @Override
        public Optional<Credential> find(String accountSid, String sid) {
            Credential c = remembered.get(sid);
            return c != null && c.accountSid().equals(accountSid) ? Optional.of(c) : store.find(accountSid, sid);
        }

        @Override
        public Optional<Credential> update(String accountSid, String sid, UnaryOperator<Credential> change) {
            return store.update(accountSid, sid, change);
        }

        @Override
        public DeleteResult delete(String accountSid, String sid) {
            return store.delete(accountSid, sid);
        }

        @Override
        public Slice<Credential> list(String accountSid, PageRequest page) {
            return store.list(accountSid, page);
        }
    }
}
