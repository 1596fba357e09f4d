package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertMissing;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Bindings}: the rules of a create, fetch and delete, against the real SQLite store. */
@Timeout(60)
class BindingsUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    String account;
    String service;

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
        service = f.newService(account).sid();
    }

    private static NewBinding.Builder sms(String identity, String address) {
        return NewBinding.builder().identity(identity).bindingType("sms").address(address);
    }

    private Binding create(NewBinding.Builder b) {
        return f.bindings.create(account, service, b.build());
    }

    private List<Binding> all() {
        return f.bindings.list(account, service, BindingFilter.of(List.of(), List.of(), null, null),
                PageRequest.first(50)).items();
    }

    @Test
    void createStoresTheBinding() {
        f.clock.advance(Duration.ofSeconds(42));
        Binding b = create(NewBinding.builder().identity("alice").bindingType("apn").address("device-token")
                .tags(List.of("vip", "beta")).endpoint("endpoint-1"));
        assertThat(Sids.isCanonical(Sids.BINDING, b.sid())).as(b.sid()).isTrue();
        assertThat(b).isEqualTo(new Binding(b.sid(), account, service, null, "alice", BindingType.APN,
                "device-token", List.of("vip", "beta"), "3", "endpoint-1", at(42), at(42)));
        assertThat(f.bindings.fetch(account, service, b.sid())).isEqualTo(b);
        assertThat(all()).containsExactly(b);
    }

    @Test
    void identityBindingTypeAndAddressAreRequired() {
        for (String absent : new String[] {null, ""}) {
            assertMissing("Identity", () -> create(sms(absent, "+15555550100")));
            assertMissing("BindingType", () -> create(sms("alice", "+15555550100").bindingType(absent)));
            assertMissing("Address", () -> create(sms("alice", absent)));
        }
        assertThat(all()).isEmpty();
    }

    @Test
    void malformedValuesAreRefused() {
        assertInvalid("BindingType", () -> create(sms("alice", "+15555550100").bindingType("carrier-pigeon")));
        assertInvalid("Identity", () -> create(sms("i".repeat(257), "+15555550100")));
        assertInvalid("Address", () -> create(NewBinding.builder().identity("alice").bindingType("apn")
                .address("a".repeat(1025))));
        assertInvalid("Endpoint", () -> create(sms("alice", "+15555550100").endpoint("e".repeat(1025))));
        assertInvalid("NotificationProtocolVersion", () -> create(sms("alice", "+15555550100")
                .notificationProtocolVersion("three")));
        assertThat(all()).isEmpty();
        assertThat(create(sms("i".repeat(256), "+15555550100")).identity()).hasSize(256);
    }

    @Test
    void anSmsAddressIsAnE164Number() {
        for (String bad : new String[] {"15555550100", "+05555550100", "+1 555 555 0100", "+1555555010012345",
                "+1", "tel:+15555550100", "+1555555010a"}) {
            assertInvalid("Address", () -> create(sms("alice", bad)));
        }
        assertThat(all()).isEmpty();
        for (String good : new String[] {"+15555550100", "+442071838750", "+123456789012345"}) {
            assertThat(create(sms("alice", good)).address()).isEqualTo(good);
        }
        // Other channels take any address.
        assertThat(create(NewBinding.builder().identity("alice").bindingType("gcm").address("15555550100"))
                .address()).isEqualTo("15555550100");
    }

    @Test
    void tagsAreDedupedInOrderAndLimitedToTwenty() {
        Binding b = create(sms("alice", "+15555550100").tags(List.of("b", "a", "b", "c", "a")));
        assertThat(b.tags()).containsExactly("b", "a", "c");
        assertThat(f.bindings.fetch(account, service, b.sid()).tags()).containsExactly("b", "a", "c");

        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> "t" + i).toList();
        List<String> withRepeats = new ArrayList<>(twenty);
        withRepeats.addAll(twenty.subList(0, 5));
        assertThat(create(sms("alice", "+15555550101").tags(withRepeats)).tags()).isEqualTo(twenty);

        List<String> twentyOne = IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();
        assertInvalid("Tag", () -> create(sms("alice", "+15555550102").tags(twentyOne)));
        assertInvalid("Tag", () -> create(sms("alice", "+15555550102").tags(List.of("ok", ""))));
        assertInvalid("Tag", () -> create(sms("alice", "+15555550102").tags(List.of("t".repeat(129)))));
        assertThat(all()).hasSize(2);
    }

    @Test
    void theProtocolVersionDefaultsFromTheServicePerType() {
        service = f.services.create(account, ServiceChanges.builder().defaultApnNotificationProtocolVersion("4")
                .defaultGcmNotificationProtocolVersion("5").defaultFcmNotificationProtocolVersion("6")
                .defaultAlexaNotificationProtocolVersion("7").build()).sid();
        assertThat(create(NewBinding.builder().identity("a").bindingType("apn").address("1"))
                .notificationProtocolVersion()).isEqualTo("4");
        assertThat(create(NewBinding.builder().identity("a").bindingType("gcm").address("2"))
                .notificationProtocolVersion()).isEqualTo("5");
        assertThat(create(NewBinding.builder().identity("a").bindingType("fcm").address("3"))
                .notificationProtocolVersion()).isEqualTo("6");
        Binding alexa = create(NewBinding.builder().identity("a").bindingType("alexa").address("4"));
        assertThat(alexa.notificationProtocolVersion()).isEqualTo("7");
        assertThat(create(sms("a", "+15555550100")).notificationProtocolVersion()).isNull();
        assertThat(create(NewBinding.builder().identity("a").bindingType("facebook-messenger").address("5"))
                .notificationProtocolVersion()).isNull();
        // Given wins; empty means not given.
        assertThat(create(NewBinding.builder().identity("a").bindingType("apn").address("6")
                .notificationProtocolVersion("9")).notificationProtocolVersion()).isEqualTo("9");
        assertThat(create(NewBinding.builder().identity("a").bindingType("fcm").address("7")
                .notificationProtocolVersion("")).notificationProtocolVersion()).isEqualTo("6");

        // A later default applies to later Bindings only.
        f.services.update(account, service, ServiceChanges.builder().defaultAlexaNotificationProtocolVersion("8")
                .build());
        assertThat(create(NewBinding.builder().identity("a").bindingType("alexa").address("8"))
                .notificationProtocolVersion()).isEqualTo("8");
        assertThat(f.bindings.fetch(account, service, alexa.sid()).notificationProtocolVersion()).isEqualTo("7");
    }

    @Test
    void aCredentialMustBeTheAccountsAndServeTheType() {
        String apn = f.newCredential(account, "apn").sid();
        String gcm = f.newCredential(account, "gcm").sid();
        String foreign = f.newCredential(f.newAccount(), "apn").sid();
        NewBinding.Builder push = NewBinding.builder().identity("alice").bindingType("apn").address("token");
        assertInvalid("CredentialSid", () -> create(push.credentialSid(gcm)));
        assertInvalid("CredentialSid", () -> create(push.credentialSid(foreign)));
        assertInvalid("CredentialSid", () -> create(push.credentialSid(Sids.next(Sids.CREDENTIAL))));
        assertInvalid("CredentialSid", () -> create(push.credentialSid("CR123")));
        assertInvalid("CredentialSid", () -> create(sms("alice", "+15555550100").credentialSid(apn)));
        assertThat(all()).isEmpty();

        assertThat(create(push.credentialSid(apn)).credentialSid()).isEqualTo(apn);
        assertThat(create(NewBinding.builder().identity("alice").bindingType("fcm").address("t2")
                .credentialSid(gcm)).credentialSid()).isEqualTo(gcm);
        assertThat(create(NewBinding.builder().identity("alice").bindingType("gcm").address("t3")
                .credentialSid("")).credentialSid()).isNull();
    }

    @Test
    void theServiceMustBeTheAccounts() {
        NewBinding p = sms("alice", "+15555550100").build();
        assertNotFound(() -> f.bindings.create(account, Sids.next(Sids.SERVICE), p));
        assertNotFound(() -> f.bindings.create(account, "IS123", p));
        String other = f.newAccount();
        assertNotFound(() -> f.bindings.create(other, service, p));
        assertThat(all()).isEmpty();
    }

    @Test
    void fetchAndDelete() {
        Binding b = create(sms("alice", "+15555550100"));
        f.bindings.delete(account, service, b.sid());
        assertNotFound(() -> f.bindings.fetch(account, service, b.sid()));
        assertNotFound(() -> f.bindings.delete(account, service, b.sid()));
        assertThat(all()).isEmpty();
    }

    @Test
    void unknownAndMalformedSidsAreNotFound() {
        Binding b = create(sms("alice", "+15555550100"));
        String otherService = f.newService(account).sid();
        for (String sid : new String[] {Sids.next(Sids.BINDING), "BS123", null, "", service, b.sid() + "0"}) {
            assertNotFound(() -> f.bindings.fetch(account, service, sid));
            assertNotFound(() -> f.bindings.delete(account, service, sid));
        }
        for (String svc : new String[] {otherService, Sids.next(Sids.SERVICE), "IS123", null, b.sid()}) {
            assertNotFound(() -> f.bindings.fetch(account, svc, b.sid()));
            assertNotFound(() -> f.bindings.delete(account, svc, b.sid()));
        }
        assertThat(f.bindings.fetch(account, service, b.sid())).isEqualTo(b);
    }

    @Test
    void anotherAccountGetsNotFoundForTheSameSids() {
        Binding b = create(sms("alice", "+15555550100").tags(List.of("vip")));
        String other = f.newAccount();
        assertNotFound(() -> f.bindings.fetch(other, service, b.sid()));
        assertNotFound(() -> f.bindings.delete(other, service, b.sid()));
        for (List<String> tags : List.of(List.<String>of(), List.of("vip"), List.of("apn", "sms"))) {
            assertNotFound(() -> f.bindings.list(other, service, BindingFilter.of(List.of(), tags, null, null),
                    PageRequest.first(10)));
        }
        assertThat(f.bindings.fetch(account, service, b.sid())).isEqualTo(b);
    }
}
