package dev.herald.compat;

import static dev.herald.compat.Contract.BASE;
import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.bindingSids;
import static dev.herald.compat.Contract.fields;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Credential;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TwilioSdk;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bindings through the official Twilio Java SDK: create per type, fetch, delete, replacement and limits. */
@Timeout(60)
class BindingContractTest {
    private static TestHerald herald;
    private static TwilioRestClient client;

    @BeforeAll
    static void start() {
        herald = TestHerald.start(TestHerald.TWILIO_URL);
        client = TwilioSdk.client(herald);
    }

    @AfterAll
    static void stop() {
        if (herald != null) {
            herald.close();
        }
    }

    private static Service service() {
        return Service.creator().setFriendlyName("bindings").create(client);
    }

    private static Binding create(Service s, String identity, Binding.BindingType type, String address) {
        return Binding.creator(s.getSid(), identity, type, address).create(client);
    }

    private static Credential credential(Credential.PushService type) {
        var creator = Credential.creator(type);
        switch (type) {
            case APN -> creator.setCertificate("cert").setPrivateKey("key");
            case GCM -> creator.setApiKey("api-key");
            case FCM -> creator.setSecret("secret");
        }
        return creator.create(client);
    }

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of(Binding.BindingType.APN, "apn", "a7c658f4111ec4ff5a1a647f9d0edd819025b9f2", "3"),
                Arguments.of(Binding.BindingType.GCM, "gcm", "gcm-registration-token-1", "3"),
                Arguments.of(Binding.BindingType.FCM, "fcm", "fcm-registration-token:APA91b-1", "3"),
                Arguments.of(Binding.BindingType.SMS, "sms", "+15555550100", null),
                Arguments.of(Binding.BindingType.FACEBOOK_MESSENGER, "facebook-messenger", "1234567890123456", null),
                Arguments.of(Binding.BindingType.ALEXA, "alexa", "amzn1.ask.account.user-1", "3"));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void createEachTypeReturnsEveryField(Binding.BindingType type, String wire, String address, String version) {
        Service s = service();

        Binding b = Binding.creator(s.getSid(), "user-42", type, address)
                .setTag(List.of("zeta", "alpha", "mid"))
                .setEndpoint("endpoint-26607274")
                .create(client);

        assertThat(b.getSid()).matches("BS" + SID_HEX);
        assertThat(b.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(b.getServiceSid()).isEqualTo(s.getSid());
        assertThat(b.getCredentialSid()).isNull();
        assertThat(b.getIdentity()).isEqualTo("user-42");
        assertThat(b.getBindingType()).isEqualTo(wire);
        assertThat(b.getAddress()).isEqualTo(address);
        assertThat(b.getTags()).containsExactly("zeta", "alpha", "mid");
        assertThat(b.getNotificationProtocolVersion()).isEqualTo(version);
        assertThat(b.getEndpoint()).isEqualTo("endpoint-26607274");
        assertThat(b.getDateCreated()).isNotNull();
        assertThat(b.getDateUpdated()).isEqualTo(b.getDateCreated());
        assertThat(b.getUrl()).isEqualTo(URI.create(BASE + "/Services/" + s.getSid() + "/Bindings/" + b.getSid()));
        assertThat(b.getLinks()).containsOnly(entry("user", BASE + "/Services/" + s.getSid() + "/Users/user-42"));

        assertThat(fields(Binding.fetcher(s.getSid(), b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void withoutOptionalParametersTagsAreEmptyAndEndpointNull() {
        Service s = service();

        Binding b = create(s, "plain", Binding.BindingType.FCM, "fcm-plain-token");

        assertThat(b.getTags()).isEmpty();
        assertThat(b.getEndpoint()).isNull();
        assertThat(b.getCredentialSid()).isNull();
        assertThat(b.getNotificationProtocolVersion()).isEqualTo("3");
    }

    @Test
    void protocolVersionDefaultsToTheServiceDefaultOfTheChannel() {
        Service s = Service.creator().setDefaultApnNotificationProtocolVersion("4")
                .setDefaultGcmNotificationProtocolVersion("5").setDefaultFcmNotificationProtocolVersion("6")
                .setDefaultAlexaNotificationProtocolVersion("7").create(client);

        assertThat(create(s, "v", Binding.BindingType.APN, "apn-v").getNotificationProtocolVersion()).isEqualTo("4");
        assertThat(create(s, "v", Binding.BindingType.GCM, "gcm-v").getNotificationProtocolVersion()).isEqualTo("5");
        assertThat(create(s, "v", Binding.BindingType.FCM, "fcm-v").getNotificationProtocolVersion()).isEqualTo("6");
        assertThat(create(s, "v", Binding.BindingType.ALEXA, "alexa-v").getNotificationProtocolVersion())
                .isEqualTo("7");
        assertThat(create(s, "v", Binding.BindingType.SMS, "+15555550111").getNotificationProtocolVersion()).isNull();
        assertThat(create(s, "v", Binding.BindingType.FACEBOOK_MESSENGER, "fb-v").getNotificationProtocolVersion())
                .isNull();
    }

    @Test
    void protocolVersionIsCopiedAtCreationTime() {
        Service s = Service.creator().setDefaultApnNotificationProtocolVersion("4").create(client);
        Binding b = create(s, "copy", Binding.BindingType.APN, "apn-copy");

        Service.updater(s.getSid()).setDefaultApnNotificationProtocolVersion("5").update(client);

        assertThat(Binding.fetcher(s.getSid(), b.getSid()).fetch(client).getNotificationProtocolVersion())
                .isEqualTo("4");
        assertThat(create(s, "copy", Binding.BindingType.APN, "apn-copy-2").getNotificationProtocolVersion())
                .isEqualTo("5");
    }

    @Test
    void explicitProtocolVersionOverridesTheServiceDefault() {
        Service s = Service.creator().setDefaultFcmNotificationProtocolVersion("6").create(client);

        Binding b = Binding.creator(s.getSid(), "explicit", Binding.BindingType.FCM, "fcm-explicit")
                .setNotificationProtocolVersion("2").create(client);

        assertThat(b.getNotificationProtocolVersion()).isEqualTo("2");
    }

    @Test
    void credentialSidOfTheRightTypeIsKept() {
        Service s = service();
        Credential apn = credential(Credential.PushService.APN);
        Credential fcm = credential(Credential.PushService.FCM);
        Credential gcm = credential(Credential.PushService.GCM);

        Binding a = Binding.creator(s.getSid(), "cred", Binding.BindingType.APN, "apn-cred")
                .setCredentialSid(apn.getSid()).create(client);
        Binding f = Binding.creator(s.getSid(), "cred", Binding.BindingType.FCM, "fcm-cred")
                .setCredentialSid(fcm.getSid()).create(client);
        Binding g = Binding.creator(s.getSid(), "cred", Binding.BindingType.GCM, "gcm-cred")
                .setCredentialSid(gcm.getSid()).create(client);

        assertThat(a.getCredentialSid()).isEqualTo(apn.getSid());
        assertThat(f.getCredentialSid()).isEqualTo(fcm.getSid());
        assertThat(g.getCredentialSid()).isEqualTo(gcm.getSid());
        assertThat(Binding.fetcher(s.getSid(), a.getSid()).fetch(client).getCredentialSid()).isEqualTo(apn.getSid());
    }

    @Test
    void credentialSidOfTheWrongTypeIsRejected() {
        Service s = service();
        Credential apn = credential(Credential.PushService.APN);
        Credential fcm = credential(Credential.PushService.FCM);
        Credential gcm = credential(Credential.PushService.GCM);

        var e = invalid(() -> Binding.creator(s.getSid(), "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(fcm.getSid()).create(client));
        assertThat(e.getMessage()).contains("CredentialSid");
        invalid(() -> Binding.creator(s.getSid(), "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(gcm.getSid()).create(client));
        invalid(() -> Binding.creator(s.getSid(), "wrong", Binding.BindingType.FCM, "fcm-wrong")
                .setCredentialSid(apn.getSid()).create(client));
        invalid(() -> Binding.creator(s.getSid(), "wrong", Binding.BindingType.GCM, "gcm-wrong")
                .setCredentialSid(apn.getSid()).create(client));
        invalid(() -> Binding.creator(s.getSid(), "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(Contract.randomSid("CR")).create(client));

        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5555550100", "+1 555 555 0100", "phone", "+", "+0155555501", "+1555555010012345"})
    void smsAddressMustBeE164(String address) {
        Service s = service();

        var e = invalid(() -> create(s, "sms", Binding.BindingType.SMS, address));

        assertThat(e.getMessage()).contains("Address");
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).isEmpty();
    }

    @Test
    void fetchReturnsTheStoredBinding() {
        Service s = service();
        Binding b = Binding.creator(s.getSid(), "fetch", Binding.BindingType.GCM, "gcm-fetch")
                .setTag(List.of("x", "y")).create(client);

        assertThat(fields(Binding.fetcher(s.getSid(), b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void bindingIsOnlyVisibleUnderItsOwnService() {
        Service s = service();
        Service other = service();
        Binding b = create(s, "owner", Binding.BindingType.APN, "apn-owner");

        notFound(() -> Binding.fetcher(other.getSid(), b.getSid()).fetch(client),
                "/Services/" + other.getSid() + "/Bindings/" + b.getSid());
        notFound(() -> Binding.deleter(other.getSid(), b.getSid()).delete(client),
                "/Services/" + other.getSid() + "/Bindings/" + b.getSid());
        assertThat(Binding.fetcher(s.getSid(), b.getSid()).fetch(client).getSid()).isEqualTo(b.getSid());
    }

    @Test
    void deleteThenFetchIsNotFound() {
        Service s = service();
        Binding b = create(s, "gone", Binding.BindingType.SMS, "+15555550199");
        Binding kept = create(s, "gone", Binding.BindingType.SMS, "+15555550198");

        assertThat(Binding.deleter(s.getSid(), b.getSid()).delete(client)).isTrue();

        String path = "/Services/" + s.getSid() + "/Bindings/" + b.getSid();
        notFound(() -> Binding.fetcher(s.getSid(), b.getSid()).fetch(client), path);
        notFound(() -> Binding.deleter(s.getSid(), b.getSid()).delete(client), path);
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).containsExactly(kept.getSid());
    }

    @Test
    void thereIsNoBindingUpdate() {
        Service s = service();
        Binding b = Binding.creator(s.getSid(), "fixed", Binding.BindingType.APN, "apn-fixed")
                .setTag("before").create(client);

        RawHttp.Reply reply = new RawHttp(herald).post("/v1/Services/" + s.getSid() + "/Bindings/" + b.getSid(),
                RawHttp.form("Identity", "changed", "Tag", "after"));

        assertThat(reply.status()).as(reply.body()).isIn(404, 405);
        assertThat(reply.json().get("code").asInt()).isIn(20404, 20004);
        assertThat(fields(Binding.fetcher(s.getSid(), b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void sameAddressReplacesTheOldBinding() {
        Service s = service();
        Binding old = Binding.creator(s.getSid(), "alice", Binding.BindingType.APN, "shared-device-token")
                .setTag("old").create(client);
        Binding other = create(s, "alice", Binding.BindingType.APN, "another-device-token");

        Binding replacement = Binding.creator(s.getSid(), "bob", Binding.BindingType.APN, "shared-device-token")
                .setTag("new").create(client);

        assertThat(replacement.getSid()).isNotEqualTo(old.getSid()).matches("BS" + SID_HEX);
        assertThat(replacement.getIdentity()).isEqualTo("bob");
        assertThat(replacement.getTags()).containsExactly("new");
        notFound(() -> Binding.fetcher(s.getSid(), old.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + old.getSid());
        assertThat(fields(Binding.fetcher(s.getSid(), replacement.getSid()).fetch(client)))
                .isEqualTo(fields(replacement));
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client)))
                .containsExactlyInAnyOrder(other.getSid(), replacement.getSid());
    }

    @Test
    void sameAddressForTheSameIdentityAlsoReplaces() {
        Service s = service();
        Binding old = create(s, "carol", Binding.BindingType.FCM, "carol-token");

        Binding again = create(s, "carol", Binding.BindingType.FCM, "carol-token");

        assertThat(again.getSid()).isNotEqualTo(old.getSid());
        notFound(() -> Binding.fetcher(s.getSid(), old.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + old.getSid());
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).containsExactly(again.getSid());
    }

    @Test
    void sameAddressWithAnotherBindingTypeAlsoReplaces() {
        Service s = service();
        Binding old = create(s, "olga", Binding.BindingType.GCM, "registration-token-shared");

        Binding replacement = create(s, "olga", Binding.BindingType.FCM, "registration-token-shared");

        assertThat(replacement.getBindingType()).isEqualTo("fcm");
        notFound(() -> Binding.fetcher(s.getSid(), old.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + old.getSid());
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).containsExactly(replacement.getSid());
    }

    @Test
    void addressTakenOverByAnotherIdentityFreesTheSlot() {
        Service s = service();
        List<Binding> twenty = fill(s, "pat", 20);

        Binding takenOver = create(s, "quinn", Binding.BindingType.FCM, twenty.get(3).getAddress());
        Binding newOne = create(s, "pat", Binding.BindingType.FCM, "pat-token-20");

        assertThat(takenOver.getIdentity()).isEqualTo("quinn");
        assertThat(sidsOf(s, "pat")).hasSize(20).contains(newOne.getSid()).doesNotContain(twenty.get(3).getSid());
        assertThat(sidsOf(s, "quinn")).containsExactly(takenOver.getSid());
        invalid(() -> create(s, "pat", Binding.BindingType.FCM, "pat-token-21"));
    }

    @Test
    void sameAddressInAnotherServiceDoesNotReplace() {
        Service one = service();
        Service two = service();
        Binding first = create(one, "dave", Binding.BindingType.SMS, "+15555550142");

        Binding second = create(two, "dave", Binding.BindingType.SMS, "+15555550142");

        assertThat(Binding.fetcher(one.getSid(), first.getSid()).fetch(client).getSid()).isEqualTo(first.getSid());
        assertThat(Binding.fetcher(two.getSid(), second.getSid()).fetch(client).getSid()).isEqualTo(second.getSid());
    }

    private static List<Binding> fill(Service s, String identity, int count) {
        List<Binding> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(create(s, identity, Binding.BindingType.FCM, identity + "-token-" + i));
        }
        return made;
    }

    private static List<String> sidsOf(Service s, String identity) {
        return bindingSids(Binding.reader(s.getSid()).setIdentity(identity).read(client));
    }

    @Test
    void atMostTwentyBindingsPerIdentity() {
        Service s = service();
        List<String> twenty = bindingSids(fill(s, "erin", 20));

        var e = invalid(() -> create(s, "erin", Binding.BindingType.FCM, "erin-token-20"));

        assertThat(e.getMessage()).containsPattern("\\b20\\b");
        assertThat(sidsOf(s, "erin")).hasSize(20).containsExactlyInAnyOrderElementsOf(twenty);
        assertThat(bindingSids(Binding.reader(s.getSid()).setTag("all").read(client))).hasSize(20);
    }

    @Test
    void limitIsPerIdentityAndPerService() {
        Service s = service();
        fill(s, "frank", 20);

        Binding otherIdentity = create(s, "grace", Binding.BindingType.FCM, "grace-token");
        Service otherService = service();
        Binding sameIdentityElsewhere = create(otherService, "frank", Binding.BindingType.FCM, "frank-token-0");

        assertThat(otherIdentity.getIdentity()).isEqualTo("grace");
        assertThat(sameIdentityElsewhere.getIdentity()).isEqualTo("frank");
        assertThat(sidsOf(s, "frank")).hasSize(20);
    }

    @Test
    void identityWithTwentyBindingsMayReplaceItsOwnAddress() {
        Service s = service();
        List<Binding> twenty = fill(s, "heidi", 20);
        Binding replaced = twenty.get(7);

        Binding replacement = Binding.creator(s.getSid(), "heidi", Binding.BindingType.FCM, replaced.getAddress())
                .setTag("renewed").create(client);

        assertThat(replacement.getSid()).isNotEqualTo(replaced.getSid());
        notFound(() -> Binding.fetcher(s.getSid(), replaced.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + replaced.getSid());
        List<String> expected = new ArrayList<>(bindingSids(twenty));
        expected.set(7, replacement.getSid());
        assertThat(sidsOf(s, "heidi")).hasSize(20).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void fullIdentityCannotTakeOverAnotherIdentitysAddress() {
        Service s = service();
        List<String> twenty = bindingSids(fill(s, "ivan", 20));
        Binding judy = create(s, "judy", Binding.BindingType.FCM, "judy-token");

        invalid(() -> create(s, "ivan", Binding.BindingType.FCM, "judy-token"));

        assertThat(fields(Binding.fetcher(s.getSid(), judy.getSid()).fetch(client))).isEqualTo(fields(judy));
        assertThat(sidsOf(s, "ivan")).containsExactlyInAnyOrderElementsOf(twenty);
    }

    @Test
    void freedSlotCanBeReused() {
        Service s = service();
        List<Binding> twenty = fill(s, "ken", 20);

        Binding.deleter(s.getSid(), twenty.get(0).getSid()).delete(client);
        Binding twentieth = create(s, "ken", Binding.BindingType.FCM, "ken-token-new");

        assertThat(twentieth.getIdentity()).isEqualTo("ken");
        assertThat(sidsOf(s, "ken")).hasSize(20);
    }

    @Test
    void atMostTwentyTagsPerBinding() {
        Service s = service();
        List<String> twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> "tag-" + (21 - i)).toList();
        List<String> twentyOne = IntStream.rangeClosed(1, 21).mapToObj(i -> "tag-" + i).toList();

        Binding ok = Binding.creator(s.getSid(), "tags", Binding.BindingType.APN, "apn-tags-20")
                .setTag(twenty).create(client);
        var e = invalid(() -> Binding.creator(s.getSid(), "tags", Binding.BindingType.APN, "apn-tags-21")
                .setTag(twentyOne).create(client));

        assertThat(ok.getTags()).containsExactlyElementsOf(twenty);
        assertThat(Binding.fetcher(s.getSid(), ok.getSid()).fetch(client).getTags()).containsExactlyElementsOf(twenty);
        assertThat(e.getMessage()).contains("Tag");
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).containsExactly(ok.getSid());
    }
}
