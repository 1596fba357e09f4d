package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Services} against the real SQLite store. */
@Timeout(60)
class ServicesUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    String account;

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
    }

    /** Every field of a Service set to something other than its default. */
    private ServiceChanges.Builder everything() {
        return ServiceChanges.builder().friendlyName("Alerts")
                .apnCredentialSid(f.newCredential(account, "apn").sid())
                .gcmCredentialSid(f.newCredential(account, "gcm").sid())
                .fcmCredentialSid(f.newCredential(account, "fcm").sid())
                .messagingServiceSid("MG" + "0123456789abcdef".repeat(2)).facebookMessengerPageId("page-1")
                .defaultApnNotificationProtocolVersion("4").defaultGcmNotificationProtocolVersion("5")
                .defaultFcmNotificationProtocolVersion("6").defaultAlexaNotificationProtocolVersion("7")
                .logEnabled(false).alexaSkillId("skill-1").deliveryCallbackUrl("https://example.com/cb")
                .deliveryCallbackEnabled(true);
    }

    @Test
    void aNewServiceHasNotifysDefaults() {
        Service s = f.services.create(account, ServiceChanges.builder().build());
        assertThat(Sids.isCanonical(Sids.SERVICE, s.sid())).as(s.sid()).isTrue();
        assertThat(s.accountSid()).isEqualTo(account);
        assertThat(s.friendlyName()).isNull();
        assertThat(List.of(s.defaultApnNotificationProtocolVersion(), s.defaultGcmNotificationProtocolVersion(),
                s.defaultFcmNotificationProtocolVersion(), s.defaultAlexaNotificationProtocolVersion()))
                .containsOnly("3");
        assertThat(s.logEnabled()).isTrue();
        assertThat(s.deliveryCallbackEnabled()).isFalse();
        assertThat(s.apnCredentialSid()).isNull();
        assertThat(s.deliveryCallbackUrl()).isNull();
        assertThat(s.dateCreated()).isEqualTo(at(0));
        assertThat(s.dateUpdated()).isEqualTo(at(0));
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(s);
    }

    @Test
    void createKeepsEveryGivenField() {
        Service s = f.services.create(account, everything().build());
        assertThat(s.friendlyName()).isEqualTo("Alerts");
        assertThat(s.apnCredentialSid()).startsWith("CR");
        assertThat(s.defaultFcmNotificationProtocolVersion()).isEqualTo("6");
        assertThat(s.logEnabled()).isFalse();
        assertThat(s.deliveryCallbackEnabled()).isTrue();
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(s);
    }

    @Test
    void nullKeepsEveryField() {
        Service s = f.services.create(account, everything().build());
        f.clock.advance(Duration.ofSeconds(5));
        Service updated = f.services.update(account, s.sid(), ServiceChanges.builder().build());
        assertThat(updated).isEqualTo(s.toBuilder().dateUpdated(at(5)).build());
        assertThat(updated.dateCreated()).isEqualTo(at(0));
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(updated);
    }

    @Test
    void emptyClearsOptionalFieldsAndRestoresDefaultVersions() {
        Service s = f.services.create(account, everything().build());
        Service cleared = f.services.update(account, s.sid(), ServiceChanges.builder().friendlyName("")
                .apnCredentialSid("").gcmCredentialSid("").fcmCredentialSid("").messagingServiceSid("")
                .facebookMessengerPageId("").alexaSkillId("").deliveryCallbackUrl("")
                .defaultApnNotificationProtocolVersion("").defaultGcmNotificationProtocolVersion("")
                .defaultFcmNotificationProtocolVersion("").defaultAlexaNotificationProtocolVersion("").build());
        assertThat(List.of(cleared.defaultApnNotificationProtocolVersion(),
                cleared.defaultGcmNotificationProtocolVersion(), cleared.defaultFcmNotificationProtocolVersion(),
                cleared.defaultAlexaNotificationProtocolVersion())).containsOnly("3");
        assertThat(cleared).isEqualTo(Service.builder(s.sid(), account, s.dateCreated()).logEnabled(false)
                .deliveryCallbackEnabled(true).build());
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(cleared);
    }

    @Test
    void anUpdateChangesOnlyWhatItNames() {
        Service s = f.services.create(account, everything().build());
        Service updated = f.services.update(account, s.sid(), ServiceChanges.builder().friendlyName("Renamed")
                .defaultGcmNotificationProtocolVersion("").logEnabled(true).build());
        assertThat(updated).isEqualTo(s.toBuilder().friendlyName("Renamed").defaultGcmNotificationProtocolVersion("3")
                .logEnabled(true).build());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("FriendlyName", (UnaryOperator<ServiceChanges.Builder>) b -> b.friendlyName("n".repeat(65))),
                Arguments.of("MessagingServiceSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.messagingServiceSid("MG123")),
                Arguments.of("MessagingServiceSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.messagingServiceSid("IS" + "0".repeat(32))),
                Arguments.of("FacebookMessengerPageId", (UnaryOperator<ServiceChanges.Builder>) b -> b.facebookMessengerPageId("p".repeat(257))),
                Arguments.of("AlexaSkillId", (UnaryOperator<ServiceChanges.Builder>) b -> b.alexaSkillId("s".repeat(257))),
                Arguments.of("DefaultApnNotificationProtocolVersion", (UnaryOperator<ServiceChanges.Builder>) b -> b.defaultApnNotificationProtocolVersion("three")),
                Arguments.of("DefaultGcmNotificationProtocolVersion", (UnaryOperator<ServiceChanges.Builder>) b -> b.defaultGcmNotificationProtocolVersion("3.0")),
                Arguments.of("DefaultFcmNotificationProtocolVersion", (UnaryOperator<ServiceChanges.Builder>) b -> b.defaultFcmNotificationProtocolVersion("1234")),
                Arguments.of("DefaultAlexaNotificationProtocolVersion", (UnaryOperator<ServiceChanges.Builder>) b -> b.defaultAlexaNotificationProtocolVersion("v3")),
                Arguments.of("DeliveryCallbackUrl", (UnaryOperator<ServiceChanges.Builder>) b -> b.deliveryCallbackUrl("ftp://example.com/cb")),
                Arguments.of("DeliveryCallbackUrl", (UnaryOperator<ServiceChanges.Builder>) b -> b.deliveryCallbackUrl("/relative/cb")),
                Arguments.of("ApnCredentialSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.apnCredentialSid("CR123")),
                Arguments.of("ApnCredentialSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.apnCredentialSid(Sids.next(Sids.CREDENTIAL))),
                Arguments.of("GcmCredentialSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.gcmCredentialSid(Sids.next(Sids.CREDENTIAL))),
                Arguments.of("FcmCredentialSid", (UnaryOperator<ServiceChanges.Builder>) b -> b.fcmCredentialSid(Sids.next(Sids.CREDENTIAL))));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("malformed")
    void aBadParameterIsNamedAndChangesNothing(String parameter, UnaryOperator<ServiceChanges.Builder> bad) {
        assertInvalid(parameter, () -> f.services.create(account, bad.apply(ServiceChanges.builder()).build()));
        assertThat(f.services.list(account, null, PageRequest.first(10)).items()).isEmpty();

        Service s = f.services.create(account, ServiceChanges.builder().friendlyName("Before").build());
        f.clock.advance(Duration.ofSeconds(1));
        assertInvalid(parameter, () -> f.services.update(account, s.sid(),
                bad.apply(ServiceChanges.builder().friendlyName("After")).build()));
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(s);
    }

    @Test
    void aCredentialMustServeItsChannel() {
        String apn = f.newCredential(account, "apn").sid();
        String gcm = f.newCredential(account, "gcm").sid();
        String fcm = f.newCredential(account, "fcm").sid();
        assertInvalid("ApnCredentialSid", () -> f.services.create(account,
                ServiceChanges.builder().apnCredentialSid(fcm).build()));
        assertInvalid("GcmCredentialSid", () -> f.services.create(account,
                ServiceChanges.builder().gcmCredentialSid(apn).build()));
        assertInvalid("FcmCredentialSid", () -> f.services.create(account,
                ServiceChanges.builder().fcmCredentialSid(apn).build()));
        // gcm and fcm Credentials are interchangeable for the gcm and fcm channels.
        Service s = f.services.create(account, ServiceChanges.builder().apnCredentialSid(apn)
                .gcmCredentialSid(fcm).fcmCredentialSid(gcm).build());
        assertThat(List.of(s.apnCredentialSid(), s.gcmCredentialSid(), s.fcmCredentialSid()))
                .containsExactly(apn, fcm, gcm);
    }

    @Test
    void anotherAccountsCredentialIsUnknown() {
        String foreign = f.newCredential(f.newAccount(), "apn").sid();
        assertInvalid("ApnCredentialSid", () -> f.services.create(account,
                ServiceChanges.builder().apnCredentialSid(foreign).build()));
    }

    @Test
    void unknownAndMalformedSidsAreNotFound() {
        Service s = f.newService(account);
        ServiceChanges none = ServiceChanges.builder().build();
        for (String sid : new String[] {Sids.next(Sids.SERVICE), "IS123", null, "", Sids.next(Sids.BINDING),
                "is" + s.sid().substring(2), s.sid() + "0"}) {
            assertNotFound(() -> f.services.fetch(account, sid));
            assertNotFound(() -> f.services.update(account, sid, none));
            assertNotFound(() -> f.services.delete(account, sid));
        }
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(s);
    }

    @Test
    void anotherAccountCannotSeeOrTouchTheService() {
        Service s = f.services.create(account, ServiceChanges.builder().friendlyName("Mine").build());
        String other = f.newAccount();
        assertNotFound(() -> f.services.fetch(other, s.sid()));
        assertNotFound(() -> f.services.update(other, s.sid(), ServiceChanges.builder().friendlyName("Theirs").build()));
        assertNotFound(() -> f.services.delete(other, s.sid()));
        assertThat(f.services.list(other, null, PageRequest.first(10)).items()).isEmpty();
        assertThat(f.services.list(other, "Mine", PageRequest.first(10)).items()).isEmpty();
        assertThat(f.services.fetch(account, s.sid())).isEqualTo(s);
    }

    @Test
    void deleteRemovesTheServiceAndItsBindings() {
        Service s = f.newService(account);
        Binding b = f.bindings.create(account, s.sid(), NewBinding.builder().identity("alice").bindingType("sms")
                .address("+15555550100").build());
        f.services.delete(account, s.sid());
        assertNotFound(() -> f.services.fetch(account, s.sid()));
        assertNotFound(() -> f.services.delete(account, s.sid()));
        assertNotFound(() -> f.bindings.fetch(account, s.sid(), b.sid()));
        assertNotFound(() -> f.bindings.list(account, s.sid(), BindingFilter.of(List.of(), List.of(), null, null),
                PageRequest.first(10)));
    }

    @Test
    void listPagesInCreationOrderAndFiltersByExactName() {
        Service a = f.services.create(account, ServiceChanges.builder().friendlyName("alpha").build());
        f.clock.advance(Duration.ofSeconds(1));
        Service b = f.services.create(account, ServiceChanges.builder().friendlyName("beta").build());
        f.clock.advance(Duration.ofSeconds(1));
        Service c = f.services.create(account, ServiceChanges.builder().friendlyName("alpha").build());
        f.services.create(f.newAccount(), ServiceChanges.builder().friendlyName("alpha").build());

        Slice<Service> first = f.services.list(account, null, PageRequest.first(2));
        assertThat(first.items()).containsExactly(a, b);
        assertThat(first.more()).isTrue();
        Slice<Service> second = f.services.list(account, null,
                new PageRequest(2, new Position(b.dateCreated(), b.sid()), null));
        assertThat(second.items()).containsExactly(c);
        assertThat(second.more()).isFalse();

        assertThat(f.services.list(account, "alpha", PageRequest.first(10)).items()).containsExactly(a, c);
        assertThat(f.services.list(account, "Alpha", PageRequest.first(10)).items()).isEmpty();
    }
}
